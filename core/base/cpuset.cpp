// See cpuset.h.
#include "core/base/cpuset.h"

#include <sched.h>

#include <fmt/format.h>

namespace threadmix {

std::string allowedCpusText() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return "";
    std::string out;
    for (int i = 0; i < CPU_SETSIZE; ++i) {
        if (!CPU_ISSET(i, &set))
            continue;
        int j = i;
        while (j + 1 < CPU_SETSIZE && CPU_ISSET(j + 1, &set))
            ++j;
        if (!out.empty())
            out += ',';
        out += j == i ? std::to_string(i) : fmt::format("{}-{}", i, j);
        i = j;
    }
    return out;
}

} // namespace threadmix
