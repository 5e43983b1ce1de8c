// Running the Go oracle program as a child process.
//
// The oracle is a separate Go binary (oracle/gomap), so the C++ side spawns
// it, feeds it a trace through a temporary file and reads its records line
// by line as they come (a big trace's records never sit in memory at once).
// Its stderr goes to a temporary file, read back when it fails. The child
// runs with GODEBUG=cpu.aes=off (the program would re-exec itself to get it
// otherwise).
#ifndef GOMAPFUZZ_ORACLE_GO_PROCESS_H_
#define GOMAPFUZZ_ORACLE_GO_PROCESS_H_

#include <sys/types.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace gomapfuzz::oracle {

// Anything that stops the oracle from comparing: Go missing or crashed,
// malformed output, a trace the real map cannot run.
class OracleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file in $TMPDIR (or /tmp) holding `contents`, removed on destruction.
class TempFile {
 public:
  TempFile(const std::string& stem, const std::string& contents);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class GoProcess {
 public:
  // Starts `binary args...`; throws OracleError if it cannot.
  GoProcess(const std::string& binary, const std::vector<std::string>& args);
  ~GoProcess();  // kills the child if it still runs, and reaps it
  GoProcess(const GoProcess&) = delete;
  GoProcess& operator=(const GoProcess&) = delete;

  // The next line of stdout without its newline; false at end of output.
  bool read_line(std::string& line);
  // Waits for the exit; throws OracleError (with stderr) unless it is 0.
  void finish();
  // The command line, for messages.
  const std::string& command() const { return command_; }

 private:
  std::string stderr_text() const;

  std::string command_;
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string stderr_path_;
  char* line_buf_ = nullptr;
  std::size_t line_cap_ = 0;
};

}  // namespace gomapfuzz::oracle

#endif  // GOMAPFUZZ_ORACLE_GO_PROCESS_H_
