// How a configuration or a repetition ended.
#pragma once

#include <optional>
#include <string_view>

namespace threadmix {

enum class RunStatus { Ok, TimedOut, Failed, Cancelled };

std::string_view toString(RunStatus s);
std::optional<RunStatus> runStatusFromString(std::string_view s);

} // namespace threadmix
