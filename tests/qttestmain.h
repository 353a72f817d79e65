// main() for QtTest suites. Their children are the workers beside the executable, as the
// product's are; THREADMIX_QTEST_MAIN_WITH_TEST_WORKER first re-runs the suite from a folder
// where the test worker (tests/testworker.cpp) is its threadmix-worker, for suites that need
// faults or held runs (Hold::setProcessEnvironment).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <vector>

#include <QApplication>
#include <QTest>

#include "core/run/isolatedrunner.h"
#include "tests/testsupport.h"

namespace threadmix::test {

// Runs this executable again from besideTestWorker's folder, once; returns only on failure.
inline void reexecBesideTestWorker(const char* name, int argc, char** argv) {
    if (std::getenv("THREADMIX_TEST_BESIDE_WORKER"))
        return;
    const std::string self = besideTestWorker(name, currentExecutable());
    ::setenv("THREADMIX_TEST_BESIDE_WORKER", "1", 1);
    std::vector<char*> args(argv, argv + argc);
    args.push_back(nullptr);
    ::execv(self.c_str(), args.data());
}

} // namespace threadmix::test

#define THREADMIX_QTEST_MAIN_BODY(TestClass)                                                       \
    QApplication app(argc, argv);                                                                  \
    QCoreApplication::setOrganizationName(QStringLiteral("ThreadMixTests"));                       \
    QCoreApplication::setApplicationName(QStringLiteral(#TestClass));                              \
    TestClass test;                                                                                \
    return QTest::qExec(&test, argc, argv);

#define THREADMIX_QTEST_MAIN(TestClass)                                                            \
    int main(int argc, char** argv) {                                                              \
        THREADMIX_QTEST_MAIN_BODY(TestClass)                                                       \
    }

#define THREADMIX_QTEST_MAIN_WITH_TEST_WORKER(TestClass)                                           \
    int main(int argc, char** argv) {                                                              \
        threadmix::test::reexecBesideTestWorker(#TestClass, argc, argv);                           \
        THREADMIX_QTEST_MAIN_BODY(TestClass)                                                       \
    }
