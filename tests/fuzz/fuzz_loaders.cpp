// libFuzzer target: every loader of user-supplied files (JSON and CSV results, run journals)
// must answer any input with a result or an error message, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/exerciseloaders.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    threadmix::test::exerciseLoaders(std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
