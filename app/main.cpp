// threadmix: picks the window or the headless command line. It measures nothing itself and
// loads no BLAS library: the workers (app/worker.cpp) do.
#include "app/cli.h"

#ifdef THREADMIX_WITH_UI
#include "ui/uientry.h"
#endif

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string>

namespace {

// `threadmix FILE.json`: an existing result file to open in the window (as hotspot and
// heaptrack_gui open theirs), not a subcommand.
bool isResultFile(const char* arg) {
    const std::filesystem::path path(arg);
    auto ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    std::error_code ec;
    return (ext == ".json" || ext == ".csv") && std::filesystem::is_regular_file(path, ec);
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 2 && isResultFile(argv[1])) {
#ifdef THREADMIX_WITH_UI
        if (threadmix::ui::displayAvailable())
            return threadmix::ui::runExplorer(argc, argv, argv[1]);
#endif
        // Without a display there is no window to open it in; the headless commands measure,
        // they do not show files, so say so rather than guess.
        std::fprintf(stderr,
                     "threadmix: cannot open %s: the window needs a display (X11 or Wayland; "
                     "none is set). threadmix --help lists the headless commands.\n",
                     argv[1]);
        return 2;
    }
    if (argc == 1) {
#ifdef THREADMIX_WITH_UI
        if (threadmix::ui::displayAvailable())
            return threadmix::ui::runExplorer(argc, argv);
#endif
        std::fputs("threadmix: no display; running the default study headless and drawing its "
                   "chart (threadmix --help lists the commands).\n",
                   stderr);
        return threadmix::app::runDefaultHeadless(argc, argv);
    }
    return threadmix::app::runCommandLine(argc, argv);
}
