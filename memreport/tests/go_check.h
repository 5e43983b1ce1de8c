// What the Go checks (go_check_main.cc, go_syncmap_check_main.cc) share:
// running memreport/go, printing a verdict, and what a build without Go 1.19
// does (skip, except under CI=true, where the check must run).
#ifndef GOMAPFUZZ_MEMREPORT_TESTS_GO_CHECK_H_
#define GOMAPFUZZ_MEMREPORT_TESTS_GO_CHECK_H_

#include <array>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace gomapfuzz::memreport {

// Runs a shell command and returns what it printed on stdout.

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

// Prints each problem and, when there is one, the command that reruns the
// Go side; true when there is none.
inline bool print_problems(const std::vector<std::string>& bad,
                           const std::string& rerun) {
  for (const std::string& b : bad) std::cout << "     " << b << "\n";
  if (!bad.empty()) std::cout << "     rerun: " << rerun << "\n";
  return bad.empty();
}

// The exit status of a check that cannot run without Go 1.19: ctest's
// "skipped" (SKIP_RETURN_CODE 77), or a failure under CI=true.
inline int go_missing(const std::string& what, const std::string& why) {
  std::cout << what << " skipped: " << why << "\n";
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true" ? 1 : 77;
}

// A Go check's main(): each case checked against the Go program (the CMake
// definition MEMREPORT_GO_BIN; empty when Go is missing, and
// MEMREPORT_GO_MISSING says why), every case run even after a failure, one
// verdict line; exit 0 only when all agree.
template <class Cases, class Check>
int run_go_check(const std::string& what, const std::string& go_bin,
                 const std::string& go_missing_why, const Cases& cases,
                 Check check, const char* agree, const char* disagree) {
  if (go_bin.empty()) return go_missing(what, go_missing_why);
  bool ok = true;
  for (const auto& c : cases) ok = check(c, go_bin) && ok;
  std::cout << (ok ? agree : disagree) << "\n";
  return ok ? 0 : 1;
}

}  // namespace gomapfuzz::memreport

#endif  // GOMAPFUZZ_MEMREPORT_TESTS_GO_CHECK_H_
