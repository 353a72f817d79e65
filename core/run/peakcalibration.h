// The machine's DGEMM peak: one large multiply on all logical CPUs, measured by the engine.
#pragma once

#include <optional>
#include <stop_token>
#include <string>

#include "core/base/expected.h"
#include "core/machine/peakcache.h"
#include "core/run/isolatedrunner.h"

namespace threadmix {

// Measures now (a few seconds): W=1, B=logical CPUs, 2 multiplies of n=3000, best of 3.
Expected<PeakCalibration> calibratePeak(const IsolatedRunner& runner, std::stop_token stop,
                                        std::int64_t size = 3000);

} // namespace threadmix
