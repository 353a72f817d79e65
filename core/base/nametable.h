// The names of an enum's values as files, journals and the command line write them: one table
// per enum, read both ways by the same two functions.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace threadmix {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

// The name of `v`, or `fallback` for a value the table lacks.
template <typename E, std::size_t N>
constexpr std::string_view nameOf(const NameTable<E, N>& t, E v, std::string_view fallback = "?") {
    for (const auto& [value, name] : t)
        if (value == v)
            return name;
    return fallback;
}

template <typename E, std::size_t N>
constexpr std::optional<E> valueOf(const NameTable<E, N>& t, std::string_view s) {
    for (const auto& [value, name] : t)
        if (name == s)
            return value;
    return std::nullopt;
}

} // namespace threadmix
