// What one task does, whatever pool runs it: the arrays it holds, making its data, its
// operation, what is kept of its result and the check of its product. The thread pool
// (repetition.cpp) and the process pool (processpool.cpp) call these same functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <string>

#include "core/spec/spec.h"

namespace threadmix {

// Large arrays are aligned to 2 MiB and marked for transparent huge pages, as numpy does for
// arrays of 4 MiB and more: 512x fewer page faults when data is made.
struct AlignedFree {
    std::size_t alignment = 64;
    void operator()(double* p) const { ::operator delete[](p, std::align_val_t(alignment)); }
};
using Buffer = std::unique_ptr<double[], AlignedFree>;
Buffer allocateBuffer(std::int64_t elements);

// The arrays of one task, wherever they live (owned buffers, a shared mapping). For gemm
// a, b, c; for dot a, b; for fill a.
struct OperandView {
    double* a = nullptr;
    double* b = nullptr;
    double* c = nullptr;
};

// Owned arrays of one task (or of one worker that reuses them task after task).
struct Operands {
    Buffer a, b, c;
    OperandView view() const { return {a.get(), b.get(), c.get()}; }
};

class TaskWork {
public:
    explicit TaskWork(const RunSpec& spec);

    std::int64_t elements() const { return m_elements; }
    std::size_t arrayBytes() const { return std::size_t(m_elements) * sizeof(double); }
    // The arrays a task's operation reads (sent to a process pool's worker) and writes (sent
    // back): gemm reads A, B and writes C; dot reads x, y (its result is a number); fill writes A.
    int inputArrays() const;
    int outputArrays() const;
    double* input(OperandView o, int i) const { return i == 0 ? o.a : o.b; }
    double* output(OperandView o) const { return m_spec.workload == Workload::Gemm ? o.c : o.a; }

    void allocate(Operands& o) const;
    // Writes zeros to every array, so that their page faults happen before any timing.
    void touch(OperandView o) const;
    // The first BLAS call of a thread builds its BLIS thread team and packing pools: made before
    // the timing, as a numpy user's process has done long before theirs starts.
    void warmUp();
    // Makes task `task`'s operands (the same numbers wherever and whenever they are made).
    // `upfront`: C is written too, so that its page faults count as making data.
    void makeData(OperandView o, std::int64_t task, bool upfront) const;
    // The task's operation; returns dot's result (0 for the others).
    double operate(OperandView o, std::int64_t task) const;
    // After the operation, outside its timing: the test seam, and the number kept of the
    // result (the checksum's share: keeps the work observable).
    double observe(OperandView o, std::int64_t task, double operated) const;
    // The number kept of a result, without the seam: the main program of a process pool reads
    // it from the product it received.
    double resultValue(OperandView o, double operated) const;
    // The Freivalds check of a gemm product; the reason when it fails.
    std::optional<std::string> verify(OperandView o, std::int64_t task) const;

private:
    // 0 = the process-wide setting (made once in the process before the pool starts).
    int callThreads() const;

    const RunSpec& m_spec;
    std::int64_t m_elements;
    double m_sink = 0;
};

// What the kernel counts of this process (every thread): CPU time and context switches.
struct ProcessUsage {
    double cpuSeconds = 0;
    std::int64_t ctxVoluntary = 0;
    std::int64_t ctxInvoluntary = 0;
};
ProcessUsage usageNow();
ProcessUsage operator-(const ProcessUsage& a, const ProcessUsage& b);
// This process's own peak resident set (VmHWM). Not ru_maxrss: exec copies the parent's
// high-water mark into it, so a child of a big parent would report the parent's peak.
std::int64_t ownPeakRssBytes();

// Binds the calling thread to the n-th CPU this process may use (wrapping around).
void pinToCpu(int n);

} // namespace threadmix
