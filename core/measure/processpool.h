// A repetition on a pool of worker processes: the measuring process (the "main program", as a
// Python script with multiprocessing.Pool or joblib is) forks W workers inside the timing, hands
// out tasks `chunk` at a time and collects the results.
//
// Data in-task: each worker makes its task's operands itself; only times and a number come
// back. Data up front: the main program makes every operand, then sends each task's operands to
// the worker that takes it and takes its product back, through pipes (Transfer::Copy: two
// copies through the kernel, as pickling through multiprocessing's pipes) or through memory
// shared with the workers (Transfer::Shared: one copy into a mapping the worker computes in,
// as joblib memory-maps large arrays; the product is copied out of it). Every byte, and the time
// the main program spends sending and receiving, is recorded.
//
// Each worker runs `blasThreads` BLAS threads (per call for BLIS, process-wide for OpenBLAS,
// as numpy users get). Workers die with the main program (parent-death signal) and share its
// process group, which the parent kills whole on cancel or at the budget. A worker that dies
// fails the repetition with its signal or exit code and the task it had.
#pragma once

#include "core/measure/repetition.h"

namespace threadmix {

RepetitionResult executeProcessRepetition(const RunSpec& spec, const TaskCheck& check);

} // namespace threadmix
