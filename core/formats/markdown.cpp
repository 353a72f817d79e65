// The Markdown result file: the machine line and the comparison table.
#include "core/formats/resultfile.h"

#include <fmt/format.h>

#include "core/formats/resulttable.h"
#include "core/machine/machinereport.h"
#include "core/results/libraries.h"

namespace threadmix {

std::string toMarkdown(const ResultSet& set) {
    std::string out = fmt::format("# ThreadMix {}\n\n", set.kind ? toString(*set.kind) : "results");
    out += fmt::format("Machine: {}; {}\n\nBLAS: {}\n\n", cpuLine(set.machine), set.machine.date,
                       librariesLine(set.results, &set.machine));
    out += ResultTable(set.results).markdown();
    out += "\nTimes are the median of the counted repetitions (each in a fresh process, after "
           "warm-up); spread is min..max and the coefficient of variation.\n";
    return out;
}

} // namespace threadmix
