// Counter-based random numbers: the same data whatever the thread count or placement.
#pragma once

#include <cstddef>
#include <cstdint>

namespace threadmix {

// Which operand of a task a buffer holds; part of its random stream key.
enum class Operand : std::uint64_t { A = 1, B = 2, Vector = 3 };

// A stream key for (seed, task, operand): every element is a pure function of it and its index.
std::uint64_t streamKey(std::uint64_t seed, std::int64_t task, Operand operand);

// Uniform doubles in [0, 1) from element index `first` of stream `key`.
void fillUniform(double* out, std::size_t n, std::uint64_t key, std::uint64_t first = 0);

// One element of the stream, for checks.
double uniformAt(std::uint64_t key, std::uint64_t index);

} // namespace threadmix
