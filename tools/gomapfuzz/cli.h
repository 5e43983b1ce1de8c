// The whole gomapfuzz command line as a function: main() calls it, and so
// does the CLI fuzz target (tools/cli_fuzz/), which feeds it argument
// vectors in-process.
#ifndef GOMAPFUZZ_TOOLS_CLI_H_
#define GOMAPFUZZ_TOOLS_CLI_H_

namespace gomapfuzz::cli {

// Parses argv, runs the command, returns the process exit status (0 ok,
// 1 a finding, 2 bad input).
int run_gomapfuzz(int argc, const char* const* argv);

}  // namespace gomapfuzz::cli

#endif  // GOMAPFUZZ_TOOLS_CLI_H_
