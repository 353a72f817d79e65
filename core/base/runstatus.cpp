// Names of run statuses as they appear in result files.
#include "core/base/runstatus.h"

#include "core/base/nametable.h"

namespace threadmix {

namespace {
constexpr NameTable<RunStatus, 6> kRunStatusNames{{{RunStatus::Ok, "ok"},
                                                   {RunStatus::TimedOut, "timed_out"},
                                                   {RunStatus::Failed, "failed"},
                                                   {RunStatus::Cancelled, "cancelled"},
                                                   {RunStatus::Skipped, "skipped"},
                                                   {RunStatus::Planned, "planned"}}};
} // namespace

std::string_view toString(RunStatus s) {
    return nameOf(kRunStatusNames, s, "failed");
}

std::optional<RunStatus> runStatusFromString(std::string_view s) {
    return valueOf(kRunStatusNames, s);
}

} // namespace threadmix
