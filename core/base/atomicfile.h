// Writing files so that a reader sees the old content or the new, never a torn one.
#pragma once

#include <string>
#include <string_view>

#include "core/base/expected.h"

namespace threadmix {

// Writes to a temporary file beside `path`, flushes it to disk, then renames it over `path`.
// On any failure the previous file is untouched, the temporary is removed, and the error
// says what failed and why.
Status writeFileAtomically(const std::string& path, std::string_view content);

Expected<std::string> readWholeFile(const std::string& path, std::size_t maxBytes);

} // namespace threadmix
