// CLOCK_MONOTONIC: the same timeline in the parent and in every child process.
#include "core/base/clock.h"

#include <ctime>

namespace threadmix {

double monotonicSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

} // namespace threadmix
