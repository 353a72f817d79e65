// The plan builder; see planbuilder.h.
#include "core/run/planbuilder.h"

#include <algorithm>

#include "core/machine/kernelchoice.h"
#include "core/machine/machineinfo.h"
#include "core/run/libraryprobe.h"

namespace threadmix {

Plan buildPlan(PlanRequest r) {
    PlanOptions& o = r.options;
    if (o.logicalCpus < 1)
        o.logicalCpus = logicalCpuCount();
    if (o.physicalCores < 1)
        o.physicalCores = physicalCoreCount();
    if (o.base.kernel.empty())
        o.base.kernel = autoKernel().kernel;
    const auto libraries =
        o.libraries.empty() ? std::vector<BlasLibrary>{o.base.blasLibrary} : o.libraries;
    const bool openblas = std::any_of(libraries.begin(), libraries.end(), [](BlasLibrary b) {
        return facts(b).family == BlasFamily::OpenBlas;
    });
    if (openblas && o.openblasKernel.empty())
        o.openblasKernel = autoOpenBlasKernel().kernel;
    switch (r.kind) {
    case PlanKind::Run:
        return makeRunPlan(o);
    case PlanKind::Combine:
        return makeCombineStudy(o);
    case PlanKind::Pitfalls:
        return makePitfallsStudy(o);
    case PlanKind::Processes:
        return makeProcessesStudy(o);
    case PlanKind::Sweep:
        return makeSweep(o);
    case PlanKind::Sizes:
        return makeSizeSweep(
            o, r.sizes.empty()
                   ? std::vector<std::int64_t>(defaults::kSizes.begin(), defaults::kSizes.end())
                   : r.sizes);
    }
    return makeRunPlan(o);
}

} // namespace threadmix
