// What `threadmix info` prints: the machine, its cores, BLIS build and kernel, the peak.
#pragma once

#include <cstdint>
#include <string>

#include "core/machineinfo.h"

namespace threadmix {

std::string machineReport(const MachineInfo& m, std::uint64_t availableBytes);

} // namespace threadmix
