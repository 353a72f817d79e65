// SplitMix64 over a counter: stateless, so elements can be made in any order and in parallel.
#include "core/measure/rng.h"

namespace threadmix {
namespace {

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;

inline std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

inline double toUnit(std::uint64_t bits) {
    // 53 random mantissa bits: exact multiples of 2^-53 in [0, 1).
    return double(bits >> 11) * 0x1.0p-53;
}

} // namespace

std::uint64_t streamKey(std::uint64_t seed, std::int64_t task, Operand operand) {
    return mix(mix(seed ^ kGolden) + std::uint64_t(task) * 4 + std::uint64_t(operand));
}

void fillUniform(double* out, std::size_t n, std::uint64_t key, std::uint64_t first) {
    std::uint64_t counter = key + first * kGolden;
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = toUnit(mix(counter));
        counter += kGolden;
    }
}

double uniformAt(std::uint64_t key, std::uint64_t index) {
    return toUnit(mix(key + index * kGolden));
}

} // namespace threadmix
