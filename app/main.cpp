// threadmix: picks the child role, the window, or the headless command line.
#include "app/cli.h"
#include "core/measure/childmain.h"

#ifdef THREADMIX_WITH_UI
#include "ui/uientry.h"
#endif

#include <cstdio>

int main(int argc, char** argv) {
    if (threadmix::isChildInvocation(argc, argv))
        return threadmix::childMain(argc, argv);
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
