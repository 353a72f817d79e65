// How a configuration or a repetition ended.
#pragma once

#include <optional>
#include <string_view>

namespace threadmix {

// Skipped: not measured, predicted too slow from its measured neighbours (sweeps). Planned: a
// dry run's configuration, not measured.
enum class RunStatus { Ok, TimedOut, Failed, Cancelled, Skipped, Planned };

std::string_view toString(RunStatus s);
std::optional<RunStatus> runStatusFromString(std::string_view s);

} // namespace threadmix
