// What trace_parser checks: valid traces parse, print back and replay; bad
// bytes give one-line errors; the file reader agrees with the parser.
#include "gomapfuzz/fuzz/parser_check.h"

#include <gtest/gtest.h>

#include "gomapfuzz/harness/op_source.h"

namespace gomapfuzz {
namespace {

TEST(ParserCheck, AValidTraceParsesPrintsBackAndReplays) {
  const ParserCheck c = check_parser_input(
      "gomapfuzz-trace 1\ntypes string uint64\nput \"a\" 1\nget \"a\"\n"
      "iter\ndel \"a\"\n");
  EXPECT_TRUE(c.parsed);
  EXPECT_TRUE(c.replayed);
  EXPECT_EQ(c.failure, std::nullopt);
}

TEST(ParserCheck, BadBytesGiveAOneLineErrorNamingTheLine) {
  const ParserCheck c = check_parser_input("gomapfuzz-trace 1\nput 1\n");
  EXPECT_FALSE(c.parsed);
  EXPECT_EQ(c.error, "input:2: put: expected 2 operands, got 1");
  EXPECT_EQ(c.failure, std::nullopt);
}

TEST(ParserCheck, WrongHeaderAndBinaryGarbageAreErrors) {
  for (std::string_view bytes :
       {std::string_view("gomapfuzz-trace 2\n"),
        std::string_view("\x00\xff\x01", 3), std::string_view("put 1 2\n"),
        std::string_view("")}) {
    const ParserCheck c = check_parser_input(bytes);
    EXPECT_FALSE(c.parsed);
    EXPECT_FALSE(c.error.empty());
    EXPECT_EQ(c.error.find('\n'), std::string::npos) << c.error;
    EXPECT_EQ(c.failure, std::nullopt) << *c.failure;
  }
}

TEST(ParserCheck, HugeHintsParseButAreNotReplayed) {
  const ParserCheck c =
      check_parser_input("gomapfuzz-trace 1\nmake 1000000\nput 1 1\n");
  EXPECT_TRUE(c.parsed);
  EXPECT_FALSE(c.replayed);
  EXPECT_EQ(c.failure, std::nullopt);
}

TEST(ParserCheck, DrawnTracesPassEveryCheck) {
  for (uint64_t seed = 0; seed < 40; ++seed) {
    SeededChoices s(seed);
    const std::string text =
        print_trace(draw_trace(s, DrawLimits{.max_ops = 150}));
    const ParserCheck c = check_parser_input(text);
    ASSERT_TRUE(c.parsed) << c.error;
    ASSERT_TRUE(c.replayed);
    ASSERT_EQ(c.failure, std::nullopt) << *c.failure;
  }
}

}  // namespace
}  // namespace gomapfuzz
