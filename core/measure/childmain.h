// Entry point of the child process that runs one repetition in isolation.
#pragma once

#include "core/measure/kernels.h"
#include "core/spec/spec.h"

namespace threadmix {

// Every program that links core and may serve as a worker calls this first thing in main():
// `if (isChildInvocation(argc, argv)) return childMain(argc, argv);`
bool isChildInvocation(int argc, char** argv);
// Selects the spec's kernel and checks that the library and kernel asked for are the ones that
// run (throws std::runtime_error saying what runs instead): a child's and an MPI rank's first
// step. Returns what the library reports of itself.
blas::BuildInfo checkedLibrary(const RunSpec& spec);
int childMain(int argc, char** argv);

inline constexpr const char* kChildVerb = "__threadmix_child";
// `<worker> __threadmix_describe`: one JSON line on the library the worker loaded (family,
// version, threading, kernel, path, config, default threads), for `threadmix info`.
inline constexpr const char* kDescribeVerb = "__threadmix_describe";
// The environment variable that carries the nice value to the child (IsolatedRunner::setNice).
inline constexpr const char* kChildNiceVariable = "THREADMIX_CHILD_NICE";

} // namespace threadmix
