// The trace files a command line names: a file as given, a folder as every
// *.txt below it in sorted order (so a run over a folder is the same run on
// every machine). Used wherever a command takes TRACE_OR_FOLDER...
#ifndef GOMAPFUZZ_HARNESS_TRACE_FILES_H_
#define GOMAPFUZZ_HARNESS_TRACE_FILES_H_

#include <filesystem>
#include <string>
#include <vector>

namespace gomapfuzz {

std::vector<std::filesystem::path> trace_files(
    const std::vector<std::string>& args);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_TRACE_FILES_H_
