#include "gomapfuzz/harness/rerun_command.h"

#include "gomapfuzz/harness/subject.h"

namespace gomapfuzz {

std::string shell_quote(const std::string& s) {
  if (!s.empty() &&
      s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                          "0123456789_-./=:,+") == std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string RerunCommand::str() const {
  std::string cmd = "gomapfuzz " + verb;
  if (!subject.empty()) {
    cmd += names_subject_library(subject) ? " --subject-lib " : " --subject ";
    cmd += shell_quote(subject);
  }
  if (!target.empty()) cmd += " --target " + shell_quote(target);
  for (const auto& [flag, value] : options) {
    cmd += " " + flag;
    if (!value.empty()) cmd += " " + shell_quote(value);
  }
  for (const auto& f : files) {
    // A placeholder for a file the reader supplies is shown as it is.
    cmd += " " + (f.starts_with("<") ? f : shell_quote(f));
  }
  return cmd;
}

}  // namespace gomapfuzz
