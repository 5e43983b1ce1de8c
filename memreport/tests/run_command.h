// Runs a shell command and returns what it printed on stdout: how the Go
// checks (go_check_main.cc, go_syncmap_check_main.cc) drive memreport/go.
#ifndef GOMAPFUZZ_MEMREPORT_TESTS_RUN_COMMAND_H_
#define GOMAPFUZZ_MEMREPORT_TESTS_RUN_COMMAND_H_

#include <array>
#include <cstdio>
#include <memory>
#include <string>

namespace gomapfuzz::memreport {

inline std::string run_command(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(command.c_str(), "r"), pclose);
  if (!p) return "";
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = fread(buf.data(), 1, buf.size(), p.get())) {
    out.append(buf.data(), n);
  }
  return out;
}

}  // namespace gomapfuzz::memreport

#endif  // GOMAPFUZZ_MEMREPORT_TESTS_RUN_COMMAND_H_
