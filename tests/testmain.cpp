// gtest main that doubles as ThreadMix's child process, so tests can run isolated repetitions.
#include <gtest/gtest.h>

#include "core/measure/childmain.h"

int main(int argc, char** argv) {
    if (threadmix::isChildInvocation(argc, argv))
        return threadmix::childMain(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
