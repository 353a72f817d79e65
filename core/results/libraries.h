// Which BLAS libraries a set of results ran on, as the children reported them.
#pragma once

#include <string>
#include <vector>

#include "core/machine/machineinfo.h"
#include "core/results/configresult.h"
#include "core/results/resultset.h"
#include "core/spec/plan.h"

namespace threadmix {

struct LibraryUse {
    BlasLibrary library = BlasLibrary::BlisOpenMP;
    std::string version;   // "OpenBLAS 0.3.21", from the first measured repetition ("" if none)
    std::string kernel;    // the kernel that really ran
    std::string threading; // the layer that really ran
    ThreadControl threadControl = ThreadControl::PerCall;
};

// In order of first appearance.
std::vector<BlasLibrary> librariesIn(const std::vector<ConfigResult>& results);
std::vector<LibraryUse> libraryUses(const std::vector<ConfigResult>& results);
// "blis-openmp (BLIS 0.9.0, kernel skx, per-call threads); openblas-pthreads (OpenBLAS 0.3.21,
// kernel Cooperlake, process-wide threads)": for captions, headers and the comparison.
// With the machine: the BLIS kernel says why it was chosen (kernelSummary).
std::string librariesLine(const std::vector<ConfigResult>& results,
                          const MachineInfo* machine = nullptr);
// The group of a row read from a file that wrote no key (files before keys, CSV files): the
// plan's rule (groupKeyOf) when the file says its plan; otherwise the name the file wrote,
// compared whole, with the row's library when the set has several.
GroupKey groupKeyFromFile(const ResultSet& set, const RunSpec& spec, const std::string& written);

// The same for a plan not run yet (the kernels asked for).
std::string librariesLine(const Plan& plan, const MachineInfo* machine = nullptr);

} // namespace threadmix
