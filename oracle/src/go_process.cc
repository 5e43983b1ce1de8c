#include "gomapfuzz/oracle/go_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace gomapfuzz::oracle {
namespace {

std::string temp_dir() {
  const char* d = std::getenv("TMPDIR");
  return d && *d ? d : "/tmp";
}

std::string make_temp_path(const std::string& stem) {
  std::string templ = temp_dir() + "/gomapfuzz-" + stem + "-XXXXXX";
  const int fd = mkstemp(templ.data());
  if (fd < 0) {
    throw OracleError("cannot create a temporary file in " + temp_dir() + ": " +
                      std::strerror(errno));
  }
  close(fd);
  return templ;
}

// The child's environment: ours, with GODEBUG replaced by cpu.aes=off (the
// fallback hash is what makes Go deterministic; see oracle/gomap/main.go).
std::vector<std::string> child_environment() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "GODEBUG=", 8) != 0) env.emplace_back(*e);
  }
  env.emplace_back("GODEBUG=cpu.aes=off");
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

TempFile::TempFile(const std::string& stem, const std::string& contents)
    : path_(make_temp_path(stem)) {
  std::ofstream f(path_, std::ios::binary);
  f << contents;
  if (!f.flush()) {
    std::remove(path_.c_str());
    throw OracleError("cannot write " + path_);
  }
}

TempFile::~TempFile() { std::remove(path_.c_str()); }

GoProcess::GoProcess(const std::string& binary,
                     const std::vector<std::string>& args)
    : stderr_path_(make_temp_path("go-stderr")) {
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), args.begin(), args.end());
  for (const auto& a : argv) command_ += (command_.empty() ? "" : " ") + a;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    throw OracleError(std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  posix_spawn_file_actions_addopen(
      &actions, STDERR_FILENO, stderr_path_.c_str(), O_WRONLY | O_TRUNC, 0600);
  auto env = child_environment();
  auto c_argv = c_strings(argv);
  auto c_env = c_strings(env);
  const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr,
                             c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    std::remove(stderr_path_.c_str());
    pid_ = -1;
    throw OracleError("cannot run the Go oracle " + binary + ": " +
                      std::strerror(rc));
  }
  out_ = fdopen(pipe_fds[0], "r");
}

GoProcess::~GoProcess() {
  if (out_) std::fclose(out_);
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::free(line_buf_);
  std::remove(stderr_path_.c_str());
}

bool GoProcess::read_line(std::string& line) {
  const ssize_t n = getline(&line_buf_, &line_cap_, out_);
  if (n < 0) return false;
  line.assign(line_buf_, static_cast<std::size_t>(n));
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return true;
}

std::string GoProcess::stderr_text() const {
  std::ifstream f(stderr_path_);
  std::ostringstream s;
  s << f.rdbuf();
  std::string text = s.str();
  constexpr std::size_t kMaxShown = 4000;  // a Go panic's goroutine dump
  if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
  return text;
}

void GoProcess::finish() {
  std::string rest;
  while (read_line(rest)) {
  }
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  std::string how = WIFEXITED(status)
                        ? "exit status " + std::to_string(WEXITSTATUS(status))
                        : "signal " + std::to_string(WTERMSIG(status));
  throw OracleError("the Go oracle failed (" + how + "): " + command_ + "\n" +
                    stderr_text());
}

}  // namespace gomapfuzz::oracle
