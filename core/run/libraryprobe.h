// What each BLAS library is on this machine, asked of the library itself in a child process
// (the parent links BLIS only): installed or not, version, threading layer, the kernel it picks.
#pragma once

#include <string>
#include <vector>

#include "core/base/expected.h"
#include "core/machine/kernelchoice.h"
#include "core/measure/blas.h"
#include "core/spec/spec.h"

namespace threadmix {

struct LibraryProbe {
    BlasLibrary library = BlasLibrary::BlisOpenMP;
    bool installed = false;
    std::string problem;  // why it could not be asked (not installed, the child failed)
    blas::BuildInfo info; // valid when problem is empty
};

// Runs the library's worker with kDescribeVerb (environment as for a measurement, no thread
// count and no kernel set: what the library does by itself). Cached per process.
LibraryProbe probeLibrary(BlasLibrary library);
std::vector<LibraryProbe> probeAllLibraries();

// What `auto` means for OpenBLAS on this machine (see chooseOpenBlasKernel). Cached.
KernelChoice autoOpenBlasKernel();
// After a new OpenBLAS calibration: the next autoOpenBlasKernel() reads the cache again.
void forgetAutoOpenBlasKernel();

// The libraries section of `threadmix info` (and the window's machine panel): for each library
// whether it is installed, its version, threading layer, the kernel it picks by itself here and
// the one ThreadMix runs with, and why.
std::string librariesReport();

} // namespace threadmix
