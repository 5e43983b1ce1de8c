// The command line that runs an input again ("gomapfuzz repro --subject-lib
// ./libm.so crash-1"): built here and nowhere else, for every report that
// prints one (the CLI's commands, the fuzz targets' crash reports, the
// regression files minimize writes, chaos's saved failures), so that every
// printed command quotes its arguments and names its subject the same way.
#ifndef GOMAPFUZZ_HARNESS_RERUN_COMMAND_H_
#define GOMAPFUZZ_HARNESS_RERUN_COMMAND_H_

#include <string>
#include <vector>

namespace gomapfuzz {

struct RerunCommand {
  std::string verb = "repro";  // the gomapfuzz command
  // The subject it ran on: a library path (--subject-lib), a built-in name
  // (--subject), or "" for mapcore through its typed driver.
  std::string subject;
  std::string target;  // --target: a raw input whose path does not name it
  // Further options, each a flag and its value ("" for a bare flag).
  std::vector<std::pair<std::string, std::string>> options;
  std::vector<std::string> files;  // the inputs ("<crash file>" stays as is)

  RerunCommand& option(std::string flag, std::string value = "") {
    options.emplace_back(std::move(flag), std::move(value));
    return *this;
  }
  RerunCommand& file(std::string f) {
    files.push_back(std::move(f));
    return *this;
  }
  // "gomapfuzz VERB [--subject-lib S] [--target T] [options] FILES", each
  // argument shell-quoted where it needs to be.
  std::string str() const;
};

// One argument as a POSIX shell reads it back: as is when it is made of
// safe characters, else in single quotes.
std::string shell_quote(const std::string& s);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_RERUN_COMMAND_H_
