// Headless plan execution: engine + progress line + incremental result files + table.
#include "core/run/headlessrun.h"

#include "core/results/libraries.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "core/base/atomicfile.h"
#include "core/formats/resulttable.h"
#include "core/machine/machinereport.h"
#include "core/results/recommendation.h"
#include "core/run/engine.h"
#include "core/run/libraryprobe.h"
#include "core/run/progressline.h"

namespace threadmix {

Status checkOutputPath(const std::string& option, const std::string& path) {
    if (path.empty())
        return success();
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        return Error{fmt::format("{}: {} is a folder; give a file name", option, path)};
    const auto slash = path.rfind('/');
    const std::string dir =
        slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return Error{fmt::format("{}: the folder {} does not exist", option, dir)};
    if (::access(dir.c_str(), W_OK) != 0 && ::access(path.c_str(), W_OK) != 0)
        return Error{fmt::format("{}: cannot write in {}: {}", option, dir, std::strerror(errno))};
    return success();
}

Status checkOutputs(const OutputFiles& f) {
    for (auto st : {checkOutputPath("--json", f.json), checkOutputPath("--csv", f.csv),
                    checkOutputPath("--markdown", f.markdown)})
        if (!st)
            return st;
    return success();
}

std::string describeMethod(const Plan& plan) {
    if (plan.configs.empty())
        return "";
    const auto& s = plan.configs.front().spec;
    const std::string what = s.describeTasks();
    return fmt::format("{} ({} data){}; median of {} repetitions after {} warm-up, each in a "
                       "fresh process; time budget {} per configuration",
                       what, toString(s.init), plan.kind == PlanKind::Pitfalls ? " and more" : "",
                       s.repeats, s.warmup,
                       plan.budgetFactorFromFirst
                           ? fmt::format("{:.0f}x the 1x1 cell", *plan.budgetFactorFromFirst)
                           : fmt::format("{:.0f} s", s.budgetSeconds));
}

int runHeadless(const Plan& plan, const OutputFiles& files, const HeadlessOptions& options,
                std::stop_token stop, ResultSet* finished) {
    auto session = options.resume
                       ? RunSession::resume(*options.resume, files)
                       : RunSession::start(plan, collectMachineInfo(), files, options.journalPath);
    const MachineInfo& machine = session.results().machine;
    std::fputs(fmt::format("ThreadMix {} {}: {} configuration{} on {}\nBLAS: {}\n{}\n\n",
                           machine.threadmixVersion, toString(plan.kind), plan.configs.size(),
                           plan.configs.size() == 1 ? "" : "s", cpuLine(machine),
                           librariesLine(session.plan(), &machine), describeMethod(plan))
                   .c_str(),
               options.messages);
    std::fflush(options.messages);

    for (const auto& orphan : unannouncedOrphans())
        if (!options.resume || orphan != options.resume->path) {
            std::fputs((orphanNotice(orphan) + "\n").c_str(), options.messages);
            markAnnounced(orphan);
        }
    if (!session.journalProblem().empty())
        std::fputs(
            fmt::format("threadmix: {} (the run goes on without it)\n", session.journalProblem())
                .c_str(),
            options.messages);

    Engine engine(options.runner);
    std::unique_ptr<ProgressLine> progress;
    if (options.progress)
        progress = std::make_unique<ProgressLine>(options.messages);
    session.setNext(progress.get());
    if (options.resume)
        std::fputs(fmt::format("Resuming {}: {} of {} configurations were already measured.\n",
                               options.resume->path, options.resume->finished.size(),
                               plan.configs.size())
                       .c_str(),
                   options.messages);
    session.run(engine, stop);
    progress.reset();
    // Ctrl-C keeps the journal: the run can be resumed.
    const RunEnd ended = session.end(stop.stop_requested(), RunEnd::Interrupted);

    const ResultSet& set = session.results();
    std::fputs(ResultTable(set.results).text().c_str(), options.table);
    if (set.results.size() > 1)
        std::fputs(("\n" + recommendationText(set.results) + "\n").c_str(), options.table);
    if (finished)
        *finished = set;
    std::fflush(options.table);
    int code = 0;
    if (!session.writeError().empty()) {
        std::fputs(fmt::format("threadmix: {}\n", session.writeError()).c_str(), options.messages);
        code = 1;
    } else if (files.any()) {
        for (const auto& [name, path] : {std::pair{"JSON", files.json}, std::pair{"CSV", files.csv},
                                         std::pair{"Markdown", files.markdown}})
            if (!path.empty())
                std::fputs(fmt::format("{} written to {}\n", name, path).c_str(), options.messages);
    }
    if (ended == RunEnd::Failed && !session.journalPath().empty())
        std::fputs(fmt::format("threadmix: what finished is kept in {}; continue it with "
                               "--resume {}\n",
                               session.journalPath(), session.journalPath())
                       .c_str(),
                   options.messages);
    if (stop.stop_requested()) {
        std::fputs(
            fmt::format("threadmix: stopped; {} of {} configurations finished and were "
                        "kept.\n",
                        std::count_if(set.results.begin(), set.results.end(),
                                      [](auto& r) { return r.status != RunStatus::Cancelled; }),
                        plan.configs.size())
                .c_str(),
            options.messages);
        return 130;
    }
    return code;
}

} // namespace threadmix
