// The clock every measurement and deadline uses.
#pragma once

namespace threadmix {

// Monotonic clock shared by every process on the machine, in seconds.
double monotonicSeconds();

} // namespace threadmix
