// main() for QtTest suites: also the isolated child process, like the GoogleTest main.
#pragma once

#include <QApplication>
#include <QTest>

#include "core/measure/childmain.h"

#define THREADMIX_QTEST_MAIN(TestClass)                                                            \
    int main(int argc, char** argv) {                                                              \
        if (threadmix::isChildInvocation(argc, argv))                                              \
            return threadmix::childMain(argc, argv);                                               \
        QApplication app(argc, argv);                                                              \
        QCoreApplication::setOrganizationName(QStringLiteral("ThreadMixTests"));                   \
        QCoreApplication::setApplicationName(QStringLiteral(#TestClass));                          \
        TestClass test;                                                                            \
        return QTest::qExec(&test, argc, argv);                                                    \
    }
