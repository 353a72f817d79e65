// What each BLAS library is on this machine, asked of the library itself in a child process
// (the parent loads no BLAS library): installed or not, version, threading layer, the kernel it
// picks, the kernels its build contains. `auto` and the machine's BLAS fields are read from it.
#pragma once

#include <string>
#include <vector>

#include "core/base/expected.h"
#include "core/machine/kernelchoice.h"
#include "core/machine/machineinfo.h"
#include "core/measure/kernels.h"
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

// What `auto` means for a family on this machine (see chooseKernel), from its library's own
// pick, the environment and the calibration cache. Cached per process.
KernelChoice autoKernel(BlasFamily family = BlasFamily::Blis);
KernelChoice autoOpenBlasKernel();
// After a new calibration: the next autoKernel() reads the cache again.
void forgetAutoKernel(BlasFamily family = BlasFamily::Blis);
void forgetAutoOpenBlasKernel();
// The kernels of the family's library build (as its worker says) that this CPU runs.
std::vector<std::string> runnableKernels(BlasFamily family);

// The machine (collectHardwareInfo) with the BLAS fields of the built BLIS variant as its
// worker reports them, the kernel `auto` means and the calibrated peak.
MachineInfo collectMachineInfo();

// The libraries section of `threadmix info` (and the window's machine panel): for each library
// whether it is installed, its version, threading layer, the kernel it picks by itself here and
// the one ThreadMix runs with, and why.
std::string librariesReport();

} // namespace threadmix
