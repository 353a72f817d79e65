// The child side of isolation: read the spec, run one repetition, write one JSON record.
#include "core/measure/childmain.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/base/jsontext.h"

#include "core/measure/blas.h"
#include "core/measure/repetition.h"
#include "core/spec/spec.h"

namespace threadmix {
namespace {

void writeAll(int fd, const std::string& text) {
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        p += n;
        left -= std::size_t(n);
    }
}

} // namespace

bool isChildInvocation(int argc, char** argv) {
    return argc >= 2 &&
           (std::string_view(argv[1]) == kChildVerb || std::string_view(argv[1]) == kDescribeVerb);
}

namespace {

int describeMain() {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const auto info = blas::buildInfo();
    const nlohmann::json out{{"family", info.family},
                             {"version", info.version},
                             {"threading", info.threading},
                             {"kernel", info.kernel},
                             {"path", info.library},
                             {"config", info.config},
                             {"default_threads", info.defaultThreads},
                             {"kernels", info.kernels}};
    writeAll(1, jsonText(out));
    return 0;
}

} // namespace

blas::BuildInfo checkedLibrary(const RunSpec& spec) {
    if (!spec.kernel.empty())
        blas::selectKernel(spec.kernel);
    const auto info = blas::buildInfo();
    const auto& asked = facts(spec.blasLibrary);
    if (info.family != toString(asked.family) || info.threading != asked.threading)
        throw std::runtime_error("asked for " + std::string(asked.name) + " but " + info.family +
                                 " (" + info.threading + ") was loaded from " + info.library);
    // BLIS 0.9 takes BLIS_ARCH_TYPE as a number, OpenBLAS ignores an OPENBLAS_CORETYPE it
    // does not know: both quietly run another kernel. Check the one that runs.
    if (!spec.kernel.empty() && !blas::sameKernel(asked.family, info.kernel, spec.kernel))
        throw std::runtime_error("asked for the " + spec.kernel + " kernel but " + info.family +
                                 " runs " + info.kernel);
    return info;
}

int childMain(int argc, char** argv) {
    if (argc >= 2 && std::string_view(argv[1]) == kDescribeVerb)
        return describeMain();
    const double entered = monotonicSeconds();
    // Die with the parent: a killed GUI or CLI must not leave a busy child behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (argc != 4) {
        writeAll(2, "threadmix child: expected <spec-json> <parent-pid>\n");
        return 2;
    }
    if (std::to_string(::getppid()) != argv[3])
        return 2; // the parent died before PDEATHSIG was armed
    // Before any thread exists: the BLIS and pool threads inherit the nice value.
    if (const char* nice = std::getenv(kChildNiceVariable))
        ::setpriority(PRIO_PROCESS, 0, std::clamp(std::atoi(nice), 0, 19));
    try {
        const RunSpec spec = nlohmann::json::parse(argv[2]).get<RunSpec>();
        // The library comes from the executable (one per family) and the folder the loader
        // picked (LD_LIBRARY_PATH set by the parent): make sure the knob really took effect.
        const auto info = checkedLibrary(spec);
        if (spec.threadControl == ThreadControl::ProcessWide)
            blas::setProcessThreads(spec.blasThreads);
        RepetitionResult rep = executeRepetition(spec);
        rep.blasThreading = info.threading;
        rep.blasKernel = info.kernel;
        rep.blasLibraryPath = info.library;
        rep.blasVersion = info.family + " " + info.version;
        const double measured = monotonicSeconds();
        nlohmann::json out{
            {"ok", true}, {"entered", entered}, {"measured", measured}, {"rep", rep}};
        writeAll(1, jsonText(out));
        return 0;
    } catch (const std::exception& e) {
        nlohmann::json out{{"ok", false}, {"reason", e.what()}};
        writeAll(1, jsonText(out));
        return 3;
    }
}

} // namespace threadmix
