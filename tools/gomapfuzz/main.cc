// gomapfuzz: reproduce and minimise map crashes, compare with Go, verify hash
// spread, and report a Go map's true memory cost. Each subcommand lives in
// its own cmd_*.cc, registers itself, and calls library code; cli.cc parses.
#include "cli.h"

int main(int argc, char** argv) {
  return gomapfuzz::cli::run_gomapfuzz(argc, argv);
}
