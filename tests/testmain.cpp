// gtest main of the tests that stand for the parent: their children are the workers beside
// them (build/bin), as the product's are.
#include <gtest/gtest.h>

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
