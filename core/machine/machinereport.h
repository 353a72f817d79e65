// What `threadmix info` prints: the machine, its cores, BLIS build and kernel, the peak.
#pragma once

#include <cstdint>
#include <string>

#include "core/machine/machineinfo.h"

namespace threadmix {

// "skx (measured fastest here; BLIS picks haswell)": which kernel ran and why, for captions.
std::string kernelSummary(const MachineInfo& m);

// "AMD EPYC, 2 physical cores, 2 logical CPUs": the CPU alone. Captions, file headers and the
// run header follow it with the libraries their results ran on (librariesLine).
std::string cpuLine(const MachineInfo& m);
// "AMD EPYC, 2 physical cores, 2 logical CPUs; BLIS 0.9.0 openmp, kernel skx (BLIS's pick)":
// the machine and the BLIS this program links (About, the benchmark).
std::string machineLine(const MachineInfo& m);

std::string machineReport(const MachineInfo& m, std::uint64_t availableBytes);

} // namespace threadmix
