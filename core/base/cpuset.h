// The CPUs this process may run on, as people write them.
#pragma once

#include <string>

namespace threadmix {

// The calling thread's affinity mask as a list of ranges, "0-3,8"; "" if it cannot be read.
std::string allowedCpusText();

} // namespace threadmix
