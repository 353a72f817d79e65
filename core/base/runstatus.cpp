// Names of run statuses as they appear in result files.
#include "core/base/runstatus.h"

namespace threadmix {

std::string_view toString(RunStatus s) {
    switch (s) {
    case RunStatus::Ok:
        return "ok";
    case RunStatus::TimedOut:
        return "timed_out";
    case RunStatus::Failed:
        return "failed";
    case RunStatus::Cancelled:
        return "cancelled";
    case RunStatus::Skipped:
        return "skipped";
    case RunStatus::Planned:
        return "planned";
    }
    return "failed";
}

std::optional<RunStatus> runStatusFromString(std::string_view s) {
    for (auto v : {RunStatus::Ok, RunStatus::TimedOut, RunStatus::Failed, RunStatus::Cancelled,
                   RunStatus::Skipped, RunStatus::Planned})
        if (toString(v) == s)
            return v;
    return std::nullopt;
}

} // namespace threadmix
