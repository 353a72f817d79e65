// A value or a user-facing error message: how core reports errors a user can cause.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace threadmix {

struct Error {
    std::string message;
};

template <typename T> class Expected {
public:
    Expected(T value) : m_state(std::move(value)) {}
    Expected(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<T>(m_state); }
    T& value() & { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }
    const std::string& error() const { return std::get<Error>(m_state).message; }

private:
    std::variant<T, Error> m_state;
};

// For operations that return nothing but can fail.
struct Done {};
using Status = Expected<Done>;
inline Status success() {
    return Done{};
}

} // namespace threadmix
