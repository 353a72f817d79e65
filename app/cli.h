// The headless command line: threadmix run | study | sweep | info.
#pragma once

namespace threadmix::app {

// Parses the arguments and runs the subcommand. Exit codes: 0 done, 1 a runtime failure
// (a file could not be written), 2 bad input (nothing run, nothing written), 130 interrupted.
int runCommandLine(int argc, char** argv);

// What `threadmix` with no arguments and no display does: the default study, headless.
int runDefaultHeadless(int argc, char** argv);

} // namespace threadmix::app
