// An MPI rank: its share of the tasks between two barriers, then its figures to rank 0.
#include "core/measure/mpirank.h"

#include <mpi.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/base/clock.h"
#include "core/base/cpuset.h"
#include "core/base/jsontext.h"
#include "core/measure/blas.h"
#include "core/measure/childmain.h"
#include "core/measure/mpipool.h"
#include "core/measure/taskwork.h"

namespace threadmix {
namespace {

// A task as its rank saw it: seconds from that rank's start of the timing (after a barrier,
// so the ranks' clocks start together).
struct TaskTimes {
    std::int64_t task = 0;
    double start = 0, dataEnd = 0, end = 0, value = 0;
};

// What a rank sends rank 0 about itself, fixed size for MPI_Gather.
struct RankFigures {
    double t0 = 0; // the start of its timing, on its host's monotonic clock
    double cpuSeconds = 0;
    std::int64_t ctxVoluntary = 0, ctxInvoluntary = 0, peakRssBytes = 0;
    std::int32_t hostCpus = 0, tasks = 0;
    char host[MPI_MAX_PROCESSOR_NAME] = {};
    char binding[256] = {};
    char failure[512] = {};
};

void copyText(char* to, std::size_t size, const std::string& text) {
    std::snprintf(to, size, "%s", text.c_str());
}

// The first failure of any rank, "rank k: why", at rank 0; "" everywhere when none failed.
// Every rank learns whether one did.
std::string anyFailure(const std::string& mine, int rank, int size) {
    char text[512] = {};
    copyText(text, sizeof text, mine);
    std::vector<char> all(rank == 0 ? std::size_t(size) * sizeof text : 0);
    MPI_Gather(text, int(sizeof text), MPI_CHAR, all.data(), int(sizeof text), MPI_CHAR, 0,
               MPI_COMM_WORLD);
    int failed = mine.empty() ? 0 : 1, any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (!any)
        return {};
    if (rank != 0)
        return "failed";
    for (int r = 0; r < size; ++r) {
        const char* t = all.data() + std::size_t(r) * sizeof text;
        if (*t)
            return fmt::format("MPI rank {}: {}", r, t);
    }
    return "an MPI rank failed";
}

void printRecord(const nlohmann::json& record) {
    const std::string line = std::string(kMpiRecordPrefix) + jsonText(record) + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

class Rank {
public:
    Rank(const RunSpec& spec, int rank, int size)
        : m_spec(spec), m_rank(rank), m_size(size), m_work(m_spec),
          m_chunk(std::max<std::int64_t>(1, spec.chunk)),
          m_upfront(spec.data == DataPlacement::Upfront) {
        for (std::int64_t t = 0; t < spec.count; ++t)
            if (owner(t) == rank)
                m_mine.push_back(t);
    }

    int owner(std::int64_t task) const { return int((task / m_chunk) % m_size); }

    // Arrays and BLAS thread teams made before the timing, as an MPI program has them.
    void prepare() {
        if (m_spec.threadControl == ThreadControl::ProcessWide)
            blas::setProcessThreads(m_spec.blasThreads);
        m_work.warmUp();
        if (!m_upfront) {
            m_work.allocate(m_own);
            m_work.touch(m_own.view());
            return;
        }
        const std::int64_t mine = std::int64_t(m_mine.size());
        m_inputs = allocateBuffer(std::max<std::int64_t>(1, mine * m_work.inputArrays()) *
                                  m_work.elements());
        m_outputs = allocateBuffer(std::max<std::int64_t>(1, mine * m_work.outputArrays()) *
                                   m_work.elements());
        // Dot's operation writes nothing: one scratch array stands in for C.
        std::fill_n(m_inputs.get(),
                    std::max<std::int64_t>(1, mine * m_work.inputArrays()) * m_work.elements(),
                    0.0);
        std::fill_n(m_outputs.get(),
                    std::max<std::int64_t>(1, mine * m_work.outputArrays()) * m_work.elements(),
                    0.0);
        if (m_rank == 0) {
            // Every task's arrays, grouped by rank in the order MPI_Scatterv sends them.
            const std::int64_t n = m_spec.count;
            m_allInputs = allocateBuffer(std::max<std::int64_t>(1, n * m_work.inputArrays()) *
                                         m_work.elements());
            m_allOutputs = allocateBuffer(std::max<std::int64_t>(1, n * m_work.outputArrays()) *
                                          m_work.elements());
            std::vector<std::int64_t> order;
            for (int r = 0; r < m_size; ++r)
                for (std::int64_t t = 0; t < n; ++t)
                    if (owner(t) == r)
                        order.push_back(t);
            m_slotOf.assign(std::size_t(n), 0);
            for (std::size_t i = 0; i < order.size(); ++i)
                m_slotOf[std::size_t(order[i])] = std::int64_t(i);
        }
    }

    // Rank 0's view of task t's arrays (up front), or this rank's i-th own task's.
    OperandView allView(std::int64_t t) const {
        return viewIn(m_allInputs, m_allOutputs, m_slotOf[std::size_t(t)]);
    }
    OperandView mineView(std::int64_t i) const { return viewIn(m_inputs, m_outputs, i); }

    OperandView viewIn(const Buffer& in, const Buffer& out, std::int64_t slot) const {
        const std::int64_t e = m_work.elements();
        const int ins = m_work.inputArrays(), outs = m_work.outputArrays();
        OperandView o;
        double* inputs = in.get() + slot * ins * e;
        double* output = outs > 0 ? out.get() + slot * outs * e : nullptr;
        switch (m_spec.workload) {
        case Workload::Gemm:
            o = {inputs, inputs + e, output};
            break;
        case Workload::Dot:
            o = {inputs, inputs + e, nullptr};
            break;
        case Workload::Fill:
            o = {output, nullptr, nullptr};
            break;
        }
        return o;
    }

    // The timed span. Returns this rank's failure ("" when none).
    std::string measure() {
        std::string failure;
        MPI_Barrier(MPI_COMM_WORLD);
        m_before = usageNow();
        m_t0 = monotonicSeconds(); // the machine's clock: ranks of one host compare (collect)
        const auto now = [&] { return monotonicSeconds() - m_t0; };
        m_times.resize(m_mine.size());
        if (!m_upfront) {
            for (std::size_t i = 0; i < m_mine.size(); ++i) {
                const std::int64_t t = m_mine[i];
                auto& tt = m_times[i];
                tt.task = t;
                tt.start = now();
                m_work.makeData(m_own.view(), t, false);
                tt.dataEnd = now();
                const double operated = m_work.operate(m_own.view(), t);
                tt.end = now();
                tt.value = m_work.observe(m_own.view(), t, operated);
                if (m_spec.verify && failure.empty())
                    failure = m_work.verify(m_own.view(), t).value_or("");
            }
        } else {
            if (m_rank == 0) {
                for (std::int64_t t = 0; t < m_spec.count; ++t)
                    m_work.makeData(allView(t), t, true);
                m_dataPhaseEnd = now();
            }
            scatterInputs(now);
            double mark = m_scatterEnd;
            for (std::size_t i = 0; i < m_mine.size(); ++i) {
                const std::int64_t t = m_mine[i];
                auto& tt = m_times[i];
                tt.task = t;
                tt.start = i == 0 ? m_scatterStart : mark;
                tt.dataEnd = i == 0 ? m_scatterEnd : mark;
                const double operated = m_work.operate(mineView(std::int64_t(i)), t);
                tt.end = mark = now();
                tt.value = m_work.observe(mineView(std::int64_t(i)), t, operated);
            }
            // Every rank done first: the gather then times sending products back, not waiting.
            MPI_Barrier(MPI_COMM_WORLD);
            gatherOutputs(now);
            // Checked once back at rank 0: the reason names the rank that made the product.
            if (m_rank == 0 && m_spec.verify)
                for (std::int64_t t = 0; t < m_spec.count && failure.empty(); ++t)
                    if (const auto bad = m_work.verify(allView(t), t))
                        failure = fmt::format("{} (made by MPI rank {}, checked once gathered)",
                                              *bad, owner(t));
        }
        MPI_Barrier(MPI_COMM_WORLD);
        m_wall = now();
        m_usage = usageNow() - m_before;
        return failure;
    }

    // Rank 0: the record of the repetition; others: their figures sent.
    nlohmann::json collect(const std::string& failure) {
        RankFigures mine;
        mine.t0 = m_t0;
        mine.cpuSeconds = m_usage.cpuSeconds;
        mine.ctxVoluntary = m_usage.ctxVoluntary;
        mine.ctxInvoluntary = m_usage.ctxInvoluntary;
        mine.peakRssBytes = ownPeakRssBytes();
        mine.hostCpus = std::int32_t(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
        mine.tasks = std::int32_t(m_mine.size());
        int length = 0;
        MPI_Get_processor_name(mine.host, &length);
        copyText(mine.binding, sizeof mine.binding, allowedCpusText());
        copyText(mine.failure, sizeof mine.failure, failure);
        std::vector<RankFigures> all(m_rank == 0 ? std::size_t(m_size) : 0);
        MPI_Gather(&mine, int(sizeof mine), MPI_BYTE, all.data(), int(sizeof mine), MPI_BYTE, 0,
                   MPI_COMM_WORLD);
        std::vector<int> counts(static_cast<std::size_t>(m_size)),
            offsets(static_cast<std::size_t>(m_size));
        std::int64_t total = 0;
        for (int r = 0; m_rank == 0 && r < m_size; ++r) {
            counts[std::size_t(r)] = all[std::size_t(r)].tasks * int(sizeof(TaskTimes));
            offsets[std::size_t(r)] = int(total);
            total += counts[std::size_t(r)];
        }
        std::vector<TaskTimes> times(m_rank == 0 ? std::size_t(m_spec.count) : 0);
        MPI_Gatherv(m_times.data(), int(m_times.size() * sizeof(TaskTimes)), MPI_BYTE, times.data(),
                    counts.data(), offsets.data(), MPI_BYTE, 0, MPI_COMM_WORLD);
        if (m_rank != 0)
            return {};

        for (int r = 0; r < m_size; ++r)
            if (all[std::size_t(r)].failure[0])
                return {{"ok", false},
                        {"reason", fmt::format("MPI rank {}: {}", r, all[std::size_t(r)].failure)}};
        RepetitionResult rep;
        MpiRecord mpi;
        char library[MPI_MAX_LIBRARY_VERSION_STRING] = {};
        int libraryLength = 0;
        MPI_Get_library_version(library, &libraryLength);
        mpi.library = std::string(library, std::size_t(std::max(0, libraryLength)));
        mpi.library = mpi.library.substr(0, mpi.library.find_first_of("\r\n"));
        if (const auto comma = mpi.library.find(','); comma != std::string::npos)
            mpi.library.erase(comma); // "Open MPI v4.1.4, package: ..." -> "Open MPI v4.1.4"
        rep.tasks.resize(std::size_t(m_spec.count));
        // Summed in task order, as the thread pool sums them: the same checksum to the bit.
        std::vector<double> values(std::size_t(m_spec.count), 0.0);
        // Each rank's times count from its own exit from the first barrier, and ranks leave it
        // up to a scheduler's slice apart when they share CPUs. The monotonic clock is common to
        // a host: times move to count from the first exit there. A rank of another host keeps
        // rank 0's origin (no common clock), and the order of a task's times is kept.
        double origin = m_t0;
        for (const auto& f : all)
            if (std::strcmp(f.host, all[0].host) == 0)
                origin = std::min(origin, f.t0);
        const double shift0 = m_t0 - origin;
        const double wall = m_wall + shift0, dataPhaseEnd = m_dataPhaseEnd + shift0,
                     gatherEnd = m_gatherEnd + shift0;
        std::size_t k = 0;
        for (int r = 0; r < m_size; ++r) {
            const auto& f = all[std::size_t(r)];
            const bool hostOf0 = std::strcmp(f.host, all[0].host) == 0;
            const double shift = hostOf0 ? f.t0 - origin : shift0;
            mpi.ranks.push_back({r, f.host, f.hostCpus, f.binding, f.cpuSeconds, f.ctxVoluntary,
                                 f.ctxInvoluntary, f.peakRssBytes});
            rep.cpuSeconds += f.cpuSeconds;
            rep.ctxVoluntary += f.ctxVoluntary;
            rep.ctxInvoluntary += f.ctxInvoluntary;
            rep.peakRssBytes += f.peakRssBytes;
            for (int i = 0; i < f.tasks; ++i, ++k) {
                const auto& tt = times[k];
                auto& rec = rep.tasks[std::size_t(tt.task)];
                rec.worker = r;
                // Up front, a rank's first task waits for rank 0 to make its inputs (fill has
                // none); its own part starts once rank 0 starts sending.
                const bool waits = m_upfront && i == 0 && m_work.inputArrays() > 0;
                rec.start = std::max(tt.start + shift, waits ? dataPhaseEnd : 0.0);
                rec.dataEnd = std::max(rec.start, tt.dataEnd + shift);
                rec.end = tt.end + shift;
                rec.returned = m_upfront ? std::max(rec.end, gatherEnd) : rec.end;
                if (!hostOf0) {
                    rec.end = std::max(rec.dataEnd, rec.end);
                    rec.returned = std::min(wall, std::max(rec.end, rec.returned));
                    rec.end = std::min(rec.end, rec.returned);
                    rec.dataEnd = std::min(rec.dataEnd, rec.end);
                    rec.start = std::min(rec.start, rec.dataEnd);
                }
                values[std::size_t(tt.task)] =
                    m_upfront ? m_work.resultValue(allView(tt.task), tt.value) : tt.value;
            }
        }
        for (double v : values)
            rep.checksum += v;
        rep.wallSeconds = wall;
        rep.processes = m_size;
        if (m_upfront) {
            rep.dataPhaseSeconds = rep.dataSeconds = dataPhaseEnd;
            rep.computeSeconds = wall - dataPhaseEnd;
            rep.sendSeconds = m_scatterEnd - m_scatterStart;
            rep.receiveSeconds = m_gatherEnd - m_gatherStart;
            rep.bytesSent = m_spec.count * m_work.inputArrays() * std::int64_t(m_work.arrayBytes());
            rep.bytesReceived =
                m_spec.count * m_work.outputArrays() * std::int64_t(m_work.arrayBytes());
        } else {
            splitInTaskWallTime(rep, wall);
        }
        rep.mpi = std::move(mpi);
        return {{"ok", true}, {"rep", rep}};
    }

private:
    template <typename Now> void scatterInputs(const Now& now) {
        const int ins = m_work.inputArrays();
        m_scatterStart = now();
        if (ins > 0) {
            MPI_Datatype array;
            MPI_Type_contiguous(int(m_work.elements()), MPI_DOUBLE, &array);
            MPI_Type_commit(&array);
            std::vector<int> counts, offsets;
            arrayCounts(ins, counts, offsets);
            MPI_Scatterv(m_allInputs.get(), counts.data(), offsets.data(), array, m_inputs.get(),
                         int(m_mine.size()) * ins, array, 0, MPI_COMM_WORLD);
            MPI_Type_free(&array);
        }
        m_scatterEnd = now();
    }

    template <typename Now> void gatherOutputs(const Now& now) {
        const int outs = m_work.outputArrays();
        m_gatherStart = now();
        if (outs > 0) {
            MPI_Datatype array;
            MPI_Type_contiguous(int(m_work.elements()), MPI_DOUBLE, &array);
            MPI_Type_commit(&array);
            std::vector<int> counts, offsets;
            arrayCounts(outs, counts, offsets);
            MPI_Gatherv(m_outputs.get(), int(m_mine.size()) * outs, array, m_allOutputs.get(),
                        counts.data(), offsets.data(), array, 0, MPI_COMM_WORLD);
            MPI_Type_free(&array);
        }
        m_gatherEnd = now();
    }

    // Arrays per rank (its tasks x `per`), in rank order.
    void arrayCounts(int per, std::vector<int>& counts, std::vector<int>& offsets) const {
        counts.assign(std::size_t(m_size), 0);
        offsets.assign(std::size_t(m_size), 0);
        for (std::int64_t t = 0; t < m_spec.count; ++t)
            counts[std::size_t(owner(t))] += per;
        for (int r = 1; r < m_size; ++r)
            offsets[std::size_t(r)] = offsets[std::size_t(r - 1)] + counts[std::size_t(r - 1)];
    }

    RunSpec m_spec;
    int m_rank, m_size;
    TaskWork m_work;
    std::int64_t m_chunk;
    bool m_upfront;
    std::vector<std::int64_t> m_mine;
    Operands m_own;                   // in-task: one set of arrays, reused
    Buffer m_inputs, m_outputs;       // up front: this rank's tasks' arrays
    Buffer m_allInputs, m_allOutputs; // up front, rank 0: every task's
    std::vector<std::int64_t> m_slotOf;
    std::vector<TaskTimes> m_times;
    ProcessUsage m_before, m_usage;
    double m_t0 = 0, m_wall = 0, m_dataPhaseEnd = 0;
    double m_scatterStart = 0, m_scatterEnd = 0, m_gatherStart = 0, m_gatherEnd = 0;
};

} // namespace

[[noreturn]] void mpiRankMain(int argc, char** argv) {
    // Die with the launcher (mpirun here, or its daemon on another host).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::string failure;
    RunSpec spec;
    try {
        if (argc != 3)
            throw std::runtime_error("expected " + std::string(kMpiRankVerb) + " <spec-json>");
        spec = nlohmann::json::parse(argv[2]).get<RunSpec>();
        checkedLibrary(spec);
    } catch (const std::exception& e) {
        failure = e.what();
    }
    failure = anyFailure(failure, rank, size);
    int code = 0;
    if (failure.empty()) {
        Rank self(spec, rank, size);
        std::string mine;
        try {
            self.prepare();
        } catch (const std::exception& e) {
            mine = e.what();
        }
        failure = anyFailure(mine, rank, size);
        if (failure.empty()) {
            const auto record = self.collect(self.measure());
            if (rank == 0) {
                printRecord(record);
                code = record.value("ok", false) ? 0 : 3;
            }
        }
    }
    if (!failure.empty()) {
        if (rank == 0)
            printRecord({{"ok", false}, {"reason", failure}});
        code = 3;
    }
    MPI_Finalize();
    // Ended without exit handlers: Open MPI keeps what its threads and plugins allocated (the
    // plugins are unloaded by then, so their frames cannot even be named for a suppression),
    // and a sanitizer build's leak check at exit would fail every rank on it. The rank's own
    // code (TaskWork) runs leak-checked in the threads' and processes' tests.
    std::fflush(nullptr);
    ::_exit(code);
}

} // namespace threadmix
