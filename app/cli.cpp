// The command line: the subcommands and their options (CLI11), handed to one function each.
#include "app/cli.h"

#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/commands.h"
#include "app/options.h"
#include "core/spec/limits.h"
#include "core/version.h"

namespace threadmix::app {
namespace {

// Every subcommand, once: help, the "not a command" message and dispatch all read this.
struct Subcommand {
    const char* name;
    const char* description;
};
constexpr Subcommand kSubcommands[] = {
    {"run", "Measure one configuration"},
    {"study", "The tutorials' comparisons"},
    {"sweep", "A workers x BLAS threads grid (the heat map's data)"},
    {"sizes", "The best configuration as a function of matrix size: where is the crossover?"},
    {"compare", "Two result files (or the two libraries of one) side by side: A / B per "
                "configuration"},
    {"info", "Machine, cores, the BLAS libraries and their kernels"},
};

std::string subcommandList() {
    std::string out;
    const std::size_t n = std::size(kSubcommands);
    for (std::size_t i = 0; i < n; ++i)
        out += std::string(i == 0 ? "" : (i + 1 == n ? " or " : ", ")) + kSubcommands[i].name;
    return out;
}

bool isSubcommand(const std::string& word) {
    for (const auto& s : kSubcommands)
        if (word == s.name)
            return true;
    return false;
}

// What the command line fills: CLI11's tree and the values its options write into.
struct CommandLine {
    CLI::App app{"ThreadMix: should you parallelise across tasks (a pool of workers), inside each "
                 "operation (BLAS threads), or both? It measures, on this machine.\n"
                 "Every repetition runs in a fresh process; Ctrl-C stops at once and keeps what "
                 "finished.",
                 "threadmix"};
    CommonOptions o;
    std::string fileA, fileB;
    bool calibrate = false;
    std::map<std::string, CLI::App*> cmd;
};

void describeProgram(CommandLine& c) {
    c.app.set_version_flag("--version", std::string("threadmix ") + kVersion);
    c.app.require_subcommand(1, 1);
    c.app.footer("With no arguments, threadmix opens the explorer window, or runs the default "
                 "study headless when there is no display.\nExit codes: 0 done, 1 a file could "
                 "not be written, 2 bad input, 130 interrupted.");
    for (const auto& s : kSubcommands)
        c.cmd[s.name] = c.app.add_subcommand(s.name, s.description);
}

// run, study, sweep and sizes: the shared options, then each one's own.
void addMeasuringOptions(CommandLine& c) {
    auto& o = c.o;
    auto& cmd = c.cmd;
    addCommonOptions(cmd["run"], o, true);
    addCommonOptions(cmd["study"], o, false);
    addPlanOption(cmd["study"], o, "--tutorial", o.tutorial, "combine|pitfalls|processes",
                  "combine (default): the five rows of 'combine BLAS threads with threading'; "
                  "pitfalls: a pool on top of BLAS threads, dot, fill; processes: no pool, a "
                  "thread pool, and process pools whose data is made in each worker, sent by "
                  "copy or through shared memory, and joblib's rule");
    addCommonOptions(cmd["sweep"], o, false);
    const std::string axis =
        "A list (1,2,4,8), a range A..B (every value when there are at most 8, else the powers "
        "of two within it plus the physical-core and logical-CPU counts and their halves), or "
        "A..B:all (every value). Default: 1..2x logical CPUs";
    addPlanOption(cmd["sweep"], o, "--workers", o.workersAxis, "AXIS",
                  "Pool workers axis. " + axis);
    addPlanOption(cmd["sweep"], o, "--blas-threads", o.blasAxis, "AXIS",
                  "BLAS threads axis. " + axis);
    addPlanOption(cmd["sweep"], o, "--workers-range", o.workersRange, "AXIS",
                  "The same as --workers");
    addPlanOption(cmd["sweep"], o, "--blas-range", o.blasRange, "AXIS",
                  "The same as --blas-threads");
    o.planOptions.push_back(cmd["sweep"]->add_flag(
        "--no-skip", o.noSkip,
        fmt::format("Measure every cell. By default, once the two cells next to a cell towards "
                    "the W x B = logical CPUs diagonal were both more than {:g}x slower than the "
                    "best cell so far, it is skipped and recorded as skipped",
                    Plan().skipFactor)));
    addCommonOptions(cmd["sizes"], o, false);
    addPlanOption(cmd["sizes"], o, "--sizes", o.sizes, "N,N,...",
                  fmt::format("Matrix sizes in increasing order (default {})",
                              fmt::join(defaults::kSizes, ",")));
}

void addCompareAndInfoOptions(CommandLine& c) {
    c.cmd["compare"]
        ->add_option("A", c.fileA, "Result file A (JSON or CSV)")
        ->required()
        ->type_name("FILE");
    c.cmd["compare"]
        ->add_option("B", c.fileB,
                     "Result file B; without it, A must hold results of two BLAS libraries "
                     "(--blas-library a,b), which are compared with each other")
        ->type_name("FILE");
    c.cmd["info"]->add_flag("--calibrate", c.calibrate,
                            "Measure every BLIS kernel this CPU runs (1 thread and all logical "
                            "CPUs, interleaved, about half a minute), make the fastest the auto "
                            "choice when it beats BLIS's own pick beyond the noise, then measure "
                            "the DGEMM peak; both are kept per machine for result files and the "
                            "window");
}

// The exit code when parsing ends the run (help, version, bad input), else nothing.
std::optional<int> parse(CommandLine& c, int argc, char** argv) {
    const std::string first = argc > 1 ? argv[1] : "";
    if (!first.empty() && first[0] != '-' && !isSubcommand(first))
        return badInput(fmt::format("'{}' is not a command; use {}.\nRun 'threadmix --help' for "
                                    "the commands and their options.",
                                    first, subcommandList()));
    try {
        c.app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return c.app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return c.app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return c.app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string msg = e.what();
        if (dynamic_cast<const CLI::RequiredError*>(&e) && !c.cmd["compare"]->parsed())
            msg = "say what to do: " + subcommandList();
        return badInput(msg + "\nRun 'threadmix --help' for the commands and their options.");
    }
    return std::nullopt;
}

int dispatch(CommandLine& c) {
    if (c.cmd["info"]->parsed())
        return infoCommand(c.calibrate);
    if (c.cmd["compare"]->parsed())
        return compareCommand(c.fileA, c.fileB);
    if (c.o.resume)
        return resumeCommand(c.o);
    if (c.cmd["run"]->parsed())
        return runCommand(c.o);
    if (c.cmd["study"]->parsed())
        return studyCommand(c.o);
    if (c.cmd["sizes"]->parsed())
        return sizesCommand(c.o);
    return sweepCommand(c.o);
}

} // namespace

int runCommandLine(int argc, char** argv) {
    CommandLine c;
    describeProgram(c);
    addMeasuringOptions(c);
    addCompareAndInfoOptions(c);
    if (auto code = parse(c, argc, argv))
        return *code;
    c.o.words.assign(argv + 1, argv + argc);
    return dispatch(c);
}

int runDefaultHeadless(int argc, char** argv) {
    (void)argc;
    char study[] = "study";
#ifdef THREADMIX_WITH_UI
    char png[] = "--png";
    char file[] = "threadmix-study.png";
    char* args[] = {argv[0], study, png, file, nullptr};
    return runCommandLine(4, args);
#else
    char* args[] = {argv[0], study, nullptr};
    return runCommandLine(2, args);
#endif
}

} // namespace threadmix::app
