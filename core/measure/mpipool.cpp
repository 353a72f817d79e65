// The launcher side of MPI ranks: where they go, mpirun's command line, and the record rank 0
// sends back. Links no MPI (see mpipool.h; the ranks are mpirank.cpp).
#include "core/measure/mpipool.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/base/childprocess.h"
#include "core/base/clock.h"
#include "core/base/jsontext.h"

extern char** environ;

namespace threadmix {

std::string_view mpiWorkerName(BlasFamily family) {
    return family == BlasFamily::Blis ? "threadmix-mpi-worker" : "threadmix-mpi-worker-openblas";
}

int SlurmAllocation::totalCpus() const {
    int total = 0;
    for (int c : cpusPerNode)
        total += c;
    return total;
}

std::vector<int> expandSlurmCpus(std::string_view text) {
    // "2(x3),1": 2 CPUs on each of three nodes, then 1 on the next.
    std::vector<int> out;
    if (!text.empty() && text.back() == ',')
        return {}; // a node missing at the end
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = text.find(',', i);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string part(text.substr(i, end - i));
        int cpus = 0, times = 1;
        char tail = 0;
        if (std::sscanf(part.c_str(), "%d(x%d)%c", &cpus, &times, &tail) == 2 ||
            (std::sscanf(part.c_str(), "%d%c", &cpus, &tail) == 1 && part.find('(') == part.npos)) {
            if (cpus <= 0 || times <= 0 || times > 100000)
                return {};
            out.insert(out.end(), std::size_t(times), cpus);
        } else {
            return {};
        }
        i = end + 1;
    }
    return out;
}

std::optional<SlurmAllocation>
slurmAllocation(const std::function<const char*(const char*)>& getter) {
    const auto get = [&](const char* name) -> std::string {
        const char* v = getter ? getter(name) : std::getenv(name);
        return v ? std::string(v) : std::string();
    };
    SlurmAllocation a;
    a.jobId = get("SLURM_JOB_ID");
    if (a.jobId.empty())
        return std::nullopt;
    a.nodeList = get("SLURM_JOB_NODELIST");
    a.cpusPerNode = expandSlurmCpus(get("SLURM_JOB_CPUS_PER_NODE"));
    a.tasks = std::atoi(get("SLURM_NTASKS").c_str());
    return a;
}

Expected<std::vector<HostSlots>> readHostfile(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return Error{fmt::format("cannot read {}: {}", path, std::strerror(errno))};
    std::vector<HostSlots> hosts;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (const auto hash = line.find('#'); hash != std::string::npos)
            line.erase(hash);
        std::istringstream words(line);
        HostSlots h;
        if (!(words >> h.host))
            continue;
        for (std::string w; words >> w;) {
            if (w.rfind("slots=", 0) == 0) {
                char* end = nullptr;
                const long n = std::strtol(w.c_str() + 6, &end, 10);
                if (*end != '\0' || n < 1 || n > 100000)
                    return Error{fmt::format("{} line {}: '{}' is not a number of slots of 1 or "
                                             "more",
                                             path, number, w)};
                h.slotCount = int(n);
            }
        }
        hosts.push_back(std::move(h));
    }
    if (hosts.empty())
        return Error{fmt::format("{} names no host (one per line: 'node1 slots=4')", path)};
    return hosts;
}

std::string findOnPath(std::string_view name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (dir.empty())
            continue;
        const std::string candidate = dir + "/" + std::string(name);
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return {};
}

Expected<MpiWhere> mpiWhereFor(const RunSpec& spec, const std::string& beside) {
    MpiWhere w;
    w.mpirun = findOnPath("mpirun");
    if (w.mpirun.empty())
        return Error{"Open MPI's mpirun is not on PATH: install Debian's openmpi-bin "
                     "(scripts/bootstrap installs it)"};
    const auto name = mpiWorkerName(facts(spec.blasLibrary).family);
    w.worker = besideOf(beside.empty() ? currentExecutable() : beside, name);
    if (w.worker.empty() || ::access(w.worker.c_str(), X_OK) != 0)
        return Error{fmt::format("this ThreadMix was built without MPI ({} is not beside {}): "
                                 "install Debian's libopenmpi-dev and build it again",
                                 name, beside.empty() ? currentExecutable() : beside)};
    w.localCpus = int(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
    w.slurm = slurmAllocation();
    if (!spec.hosts.empty()) {
        auto hosts = readHostfile(spec.hosts);
        if (!hosts)
            return Error{hosts.error()};
        w.hostfile = std::move(hosts).value();
    }
    return w;
}

Expected<MpiLaunch> planMpiLaunch(const RunSpec& spec, const MpiWhere& where,
                                  const std::vector<std::string>& forward) {
    if (spec.data == DataPlacement::Upfront && spec.transfer == Transfer::Shared)
        return Error{"MPI ranks receive their operands by copy (MPI_Scatterv); shared memory is "
                     "for a process pool"};
    MpiLaunch l;
    const int ranks = spec.workers;
    l.command = {where.mpirun, "-np", std::to_string(ranks)};
    bool local = false;
    if (where.hostfile) {
        for (const auto& h : *where.hostfile)
            l.slotCount += h.slotCount;
        l.where = "the hosts of " + spec.hosts;
        l.command.insert(l.command.end(), {"--hostfile", spec.hosts});
    } else if (where.slurm) {
        l.slotCount = where.slurm->slotCount();
        l.cpus = where.slurm->totalCpus();
        l.where = fmt::format("Slurm job {} ({})", where.slurm->jobId, where.slurm->nodeList);
    } else {
        // A slot per logical CPU, as the BLAS threads count them.
        local = true;
        l.slotCount = l.cpus = where.localCpus;
        l.where = "this machine";
        l.command.push_back("--use-hwthread-cpus");
    }
    if (ranks > l.slotCount) {
        // On this machine oversubscribing is what the tool studies; on hosts or nodes handed
        // out by a hostfile or Slurm it may take other people's cores: only when asked.
        if (!local && !spec.oversubscribe)
            return Error{fmt::format("--workers: {} MPI ranks are more than the {} slots of {}; "
                                     "add --oversubscribe to start them anyway, or ask for {} "
                                     "ranks or fewer",
                                     ranks, l.slotCount, l.where, l.slotCount)};
        l.oversubscribeFlag = true;
        l.command.push_back("--oversubscribe");
    }
    // Without binding, mpirun binds each rank to one core (2 ranks or fewer) or a socket: its B
    // BLAS threads would share one core. Pinned: B CPUs of its own per rank, where they fit.
    const std::int64_t threads = spec.totalThreads();
    if (spec.pin && l.cpus > 0 && threads <= l.cpus) {
        l.command.insert(l.command.end(), {"--map-by", fmt::format("slot:PE={}", spec.blasThreads),
                                           "--bind-to", local ? "hwthread" : "core"});
        l.binding =
            fmt::format("{} CPU{} per rank", spec.blasThreads, spec.blasThreads == 1 ? "" : "s");
    } else {
        l.command.insert(l.command.end(), {"--bind-to", "none"});
        l.binding = spec.pin ? fmt::format("none: {} ranks x {} BLAS threads do not fit one per "
                                           "CPU on {} CPUs",
                                           ranks, spec.blasThreads, l.cpus)
                             : "none";
    }
    for (const auto& name : forward)
        l.command.insert(l.command.end(), {"-x", name});
    l.command.insert(l.command.end(), {where.worker, kMpiRankVerb, jsonText(nlohmann::json(spec))});
    return l;
}

namespace {

// The variables the ranks need on every host: the library's folder and threading knobs.
std::vector<std::string> forwardedVariables() {
    std::vector<std::string> names;
    for (char** e = environ; e && *e; ++e) {
        const std::string entry(*e);
        const std::string name = entry.substr(0, entry.find('='));
        for (std::string_view prefix :
             {"LD_LIBRARY_PATH", "OPENBLAS_", "OMP_", "GOMP_", "BLIS_", "THREADMIX_"})
            if (name.rfind(prefix, 0) == 0) {
                names.push_back(name);
                break;
            }
    }
    std::sort(names.begin(), names.end());
    return names;
}

// What mpirun said when it failed: its message without the banner lines, shortened.
std::string launcherReason(const ChildProcess::Outcome& end, const ChildProcess& mpirun) {
    std::string said;
    std::istringstream lines(mpirun.err() + "\n" + mpirun.out());
    for (std::string line; std::getline(lines, line);) {
        if (line.find_first_not_of("- \t") == std::string::npos)
            continue;
        if (!said.empty())
            said += ' ';
        said += line.substr(line.find_first_not_of(" \t"));
    }
    // The sentence that names the rank, when mpirun wrote one.
    for (std::string_view key : {"Primary job  terminated", "mpirun noticed", "MPI_ABORT"})
        if (const auto at = said.find(key); at != std::string::npos) {
            said = said.substr(at);
            break;
        }
    if (said.size() > 500)
        said = said.substr(0, 500) + "...";
    const std::string how =
        end.end == ChildProcess::End::Signalled
            ? fmt::format("mpirun was killed by signal {} ({})", end.code, ::strsignal(end.code))
            : fmt::format("mpirun exited with code {}", end.code);
    return said.empty() ? how + " without a result" : how + ": " + said;
}

} // namespace

RepetitionResult executeMpiRepetition(const RunSpec& spec, const std::optional<MpiWhere>& given) {
    MpiWhere where;
    if (given) {
        where = *given;
    } else {
        auto found = mpiWhereFor(spec);
        if (!found)
            throw std::runtime_error(found.error());
        where = std::move(found).value();
    }
    auto launch = planMpiLaunch(spec, where, forwardedVariables());
    if (!launch)
        throw std::runtime_error(launch.error());
    std::vector<std::string> env;
    if (::geteuid() == 0)
        env = {"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"};
    ChildProcess mpirun;
    const auto& cmd = launch->command;
    // In this process's group (the parent's kill of the group reaches it) and dying with it.
    const auto started = mpirun.start(cmd.front(), {cmd.begin() + 1, cmd.end()}, env,
                                      {.ownGroup = false, .dieWithParent = true});
    if (!started)
        throw std::runtime_error(started.error());
    const auto end = mpirun.wait(std::numeric_limits<double>::infinity(), std::stop_token{});

    std::string line;
    std::istringstream out(mpirun.out());
    for (std::string l; std::getline(out, l);)
        if (l.rfind(kMpiRecordPrefix, 0) == 0)
            line = l.substr(kMpiRecordPrefix.size());
    if (line.empty())
        throw std::runtime_error(launcherReason(end, mpirun));
    nlohmann::json record;
    try {
        record = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("rank 0 sent a malformed record: ") + e.what());
    }
    if (!record.value("ok", false))
        throw std::runtime_error(record.value("reason", std::string("an MPI rank failed")));
    if (end.end != ChildProcess::End::Exited || end.code != 0)
        throw std::runtime_error(launcherReason(end, mpirun));
    auto r = record.at("rep").get<RepetitionResult>();
    if (!r.mpi)
        throw std::runtime_error("rank 0's record has no ranks");
    auto& m = *r.mpi;
    m.command = launch->command;
    m.binding = launch->binding;
    m.slurmJob = where.slurm && !where.hostfile ? where.slurm->jobId : std::string();
    m.launcher = m.slurmJob.empty() ? "mpirun" : "mpirun in Slurm job " + m.slurmJob;
    m.launchSeconds = std::max(0.0, end.seconds - r.wallSeconds);
    // Oversubscribed: some host runs more BLAS threads than it has CPUs.
    for (const auto& host : m.hosts()) {
        int ranksThere = 0, cpus = 0;
        for (const auto& rank : m.ranks)
            if (rank.host == host) {
                ++ranksThere;
                cpus = rank.hostCpus;
            }
        if (std::int64_t(ranksThere) * spec.blasThreads > cpus)
            m.oversubscribed = true;
    }
    return r;
}

} // namespace threadmix
