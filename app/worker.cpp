// threadmix-worker: the isolated child that runs one repetition. It links the engine only (no
// Qt), so starting it costs a couple of milliseconds instead of loading the whole GUI stack.
#include <cstdio>

#include "core/measure/childmain.h"

int main(int argc, char** argv) {
    if (threadmix::isChildInvocation(argc, argv))
        return threadmix::childMain(argc, argv);
    std::fputs("threadmix-worker runs one measured repetition for threadmix; start threadmix "
               "instead.\n",
               stderr);
    return 2;
}
