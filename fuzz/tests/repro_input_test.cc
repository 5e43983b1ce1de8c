// Loading repro/minimize inputs: text traces (with fault comments), raw
// inputs whose target comes from the path or the flag, and one-line errors
// for everything else.
#include "gomapfuzz/fuzz/repro_input.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace gomapfuzz {
namespace {

namespace fs = std::filesystem;

class ReproInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gomapfuzz_repro_input_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "map_iterate");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& bytes) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  std::string error_of(const std::string& path,
                       std::optional<FuzzTarget> t = std::nullopt) {
    try {
      load_repro_input(path, t);
    } catch (const InputError& e) {
      return e.what();
    }
    return "(loaded)";
  }
  fs::path dir_;
};

TEST_F(ReproInputTest, TextTraceWithFaultComment) {
  const auto p =
      write("t.txt", "gomapfuzz-trace 1\n# faults fail_at=2\nput 1 1\n");
  const ReproInput in = load_repro_input(p);
  EXPECT_FALSE(in.raw);
  EXPECT_EQ(in.decoded.trace.ops.size(), 1u);
  EXPECT_EQ(in.decoded.faults.fail_at, std::vector<uint64_t>{2});
}

TEST_F(ReproInputTest, RawInputTakesItsTargetFromTheFolder) {
  const Trace t = parse_trace("gomapfuzz-trace 1\nput 5 1\nit-open 0\n");
  const std::string bytes = encode_fuzz_input(FuzzTarget::kMapIterate, t);
  const ReproInput in = load_repro_input(write("map_iterate/crash-1", bytes));
  EXPECT_TRUE(in.raw);
  EXPECT_EQ(in.target, FuzzTarget::kMapIterate);
  EXPECT_EQ(print_trace(in.decoded.trace), print_trace(t));
}

TEST_F(ReproInputTest, TargetFlagOverridesThePath) {
  const ReproInput in =
      load_repro_input(write("crash-2", "\x05\x06\x07"), FuzzTarget::kMapOps);
  EXPECT_EQ(in.target, FuzzTarget::kMapOps);
  const ReproInput parser = load_repro_input(
      write("crash-3", "gomapfuzz-trace 1\n"), FuzzTarget::kTraceParser);
  EXPECT_TRUE(parser.parser_input());
}

TEST_F(ReproInputTest, BadFilesGiveOneLineErrors) {
  const std::string missing = (dir_ / "missing").string();
  EXPECT_EQ(error_of(missing), missing + ": no such file");
  EXPECT_EQ(error_of(dir_.string()), dir_.string() + ": is a directory");
  const auto unknown = write("crash-4", "\x01\x02");
  EXPECT_EQ(error_of(unknown).rfind(unknown + ": not a text trace", 0), 0u);
  const auto header = write("v2.txt", "gomapfuzz-trace 2\nput 1 1\n");
  EXPECT_EQ(error_of(header).rfind(header + ":1: ", 0), 0u) << error_of(header);
  const auto truncated = write("cut.txt", "gomapfuzz-trace 1\nput 1");
  EXPECT_EQ(error_of(truncated).rfind(truncated + ":2: ", 0), 0u);
  const auto huge =
      write("map_iterate/huge", std::string(kMaxRawInputBytes + 1, 'x'));
  EXPECT_EQ(error_of(huge).find("raw input too large"), huge.size() + 2);
  for (const auto& path : {missing, unknown, header, truncated, huge}) {
    EXPECT_EQ(error_of(path).find('\n'), std::string::npos) << error_of(path);
  }
}

}  // namespace
}  // namespace gomapfuzz
