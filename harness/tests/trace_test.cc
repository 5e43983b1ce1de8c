// The trace format: parse, print, round trip, and line-numbered errors.
#include "gomapfuzz/harness/trace.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gomapfuzz {
namespace {

constexpr const char* kSample = R"(# a comment
gomapfuzz-trace 1
types string bytes200
hasher lowbits 3
seed 0x2a
make 100
put "a\x00b \"q\"" 7   # trailing comment
get "a\x00b \"q\""
del "zz"
clear
iter
iter 3 5
it-open 2
it-open 3 1 7
it-next 2
it-next 3 10
it-close 2
)";

TEST(TraceParse, ReadsEveryHeaderAndOp) {
  const Trace t = parse_trace(kSample);
  EXPECT_EQ(t.types.key, KeyType::kString);
  EXPECT_EQ(t.types.value_bytes, 200);
  EXPECT_EQ(t.hasher.family, mapcore::HashFamily::kLowBits);
  EXPECT_EQ(t.hasher.param, 3u);
  EXPECT_EQ(t.seed, 42u);
  ASSERT_EQ(t.ops.size(), 12u);
  EXPECT_EQ(t.ops[1].kind, OpKind::kPut);
  EXPECT_EQ(std::get<std::string>(t.ops[1].key), std::string("a\0b \"q\"", 7));
  EXPECT_EQ(t.ops[1].line, 7);
  EXPECT_EQ(t.ops[6].start->bucket, 3u);
  EXPECT_EQ(t.ops[6].start->offset, 5);
  EXPECT_EQ(t.ops[10].steps, 10u);
}

TEST(TraceParse, PrintThenParseIsIdentity) {
  Trace t = parse_trace(kSample);
  Trace again = parse_trace(print_trace(t));
  for (auto& op : t.ops) op.line = 0;
  for (auto& op : again.ops) op.line = 0;
  EXPECT_EQ(t, again);
}

TEST(TraceParse, FloatKeysKeepSignOfZeroAndNaN) {
  const Trace t = parse_trace(
      "gomapfuzz-trace 1\ntypes float64 uint64\nput -0 1\nput +0 2\nput NaN 3\n"
      "put bits:7ff8000000000001 4\nput 1.5 5\nput -Inf 6\n");
  EXPECT_TRUE(std::signbit(std::get<double>(t.ops[0].key)));
  EXPECT_FALSE(std::signbit(std::get<double>(t.ops[1].key)));
  EXPECT_TRUE(std::isnan(std::get<double>(t.ops[2].key)));
  EXPECT_TRUE(std::isnan(std::get<double>(t.ops[3].key)));
  Trace again = parse_trace(print_trace(t));
  for (std::size_t i = 0; i < t.ops.size(); ++i) {
    EXPECT_EQ(std::bit_cast<uint64_t>(std::get<double>(t.ops[i].key)),
              std::bit_cast<uint64_t>(std::get<double>(again.ops[i].key)));
  }
}

void expect_error(const std::string& text, const std::string& fragment) {
  try {
    parse_trace(text, "t.txt");
    ADD_FAILURE() << "no error for: " << text;
  } catch (const TraceError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
        << e.what();
  }
}

TEST(TraceParse, ErrorsNameFileLineAndProblem) {
  expect_error("", "empty file");
  expect_error("hello\n", "t.txt:1: not a gomapfuzz trace");
  expect_error("gomapfuzz-trace 2\n", "unsupported trace version 2");
  expect_error("gomapfuzz-trace 1\nput 1\n",
               "t.txt:2: put: expected 2 operands, got 1");
  expect_error("gomapfuzz-trace 1\nput x 1\n", "bad uint64 key 'x'");
  expect_error("gomapfuzz-trace 1\nfrobnicate\n", "unknown op 'frobnicate'");
  expect_error("gomapfuzz-trace 1\ntypes string uint64\nput abc 1\n",
               "expected \"...\"");
  expect_error("gomapfuzz-trace 1\ntypes string uint64\nput \"abc 1\n",
               "unterminated");
  expect_error("gomapfuzz-trace 1\nput 1 2\nseed 3\n",
               "header line after the first op");
  expect_error("gomapfuzz-trace 1\nit-open 99\n", "out of range");
  expect_error("gomapfuzz-trace 1\niter 1 9\n", "offset must be 0..7");
  expect_error("gomapfuzz-trace 1\nmake 99999999999\n",
               "above the trace limit");
  expect_error("gomapfuzz-trace 1\ntypes uint64 bytes7\n",
               "unknown value type");
  expect_error("gomapfuzz-trace 1\nhasher nope\n", "unknown hasher");
  expect_error(std::string("gomapfuzz-trace 1\n\0", 19), "binary data");
  expect_error("gomapfuzz-trace 1\nput 18446744073709551616 1\n",
               "bad uint64 key");
}

// Found by the trace_parser fuzzer (corpus/regressions/trace_parser-*.raw):
// a quoted token is unescaped before an error quotes it, so it could carry a
// newline or a terminal escape into what must be one line.
TEST(TraceParse, AnErrorIsOneLineWhateverTheTokenHolds) {
  for (const char* bad : {"gomapfuzz-trace 1\ntypes \"\\n\\\\\" 1\n",
                          "gomapfuzz-trace 1\nhasher \"a\\x1bb\"\n",
                          "gomapfuzz-trace 1\nput \"\\r\" 1\n"}) {
    try {
      parse_trace(bad, "t.txt");
      ADD_FAILURE() << "parsed: " << bad;
    } catch (const TraceError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.find_first_of("\n\r\x1b"), std::string::npos) << what;
      EXPECT_EQ(what.rfind("t.txt:2: ", 0), 0u) << what;
    }
  }
  expect_error("gomapfuzz-trace 1\ntypes \"a\\nb\" uint64\n",
               "unknown key type 'a\\nb'");
}

// Issue 15: what a message quotes of the input is cut and escaped, binary
// input is named by byte offset, and iterators must be open to be used.
TEST(TraceParse, AHugeTokenIsCutAndOddBytesAreEscaped) {
  const std::string huge(1 << 20, 'x');
  try {
    parse_trace("gomapfuzz-trace 1\nput " + huge + " 1\n", "t.txt");
    ADD_FAILURE() << "parsed";
  } catch (const TraceError& e) {
    const std::string what = e.what();
    EXPECT_LT(what.size(), 200u);
    EXPECT_NE(what.find("... (1048576 bytes)"), std::string::npos) << what;
  }
  expect_error("gomapfuzz-trace 1\nfrob\xff\xc3\n",
               "unknown op 'frob\\xff\\xc3'");
}

TEST(TraceParse, BinaryInputIsNamedByByteOffset) {
  expect_error(std::string("gomapfuzz-trace 1\nput 1 \0", 25),
               "t.txt: byte 24: binary data");
}

TEST(TraceParse, AnIteratorMustBeOpenToAdvanceOrClose) {
  expect_error("gomapfuzz-trace 1\nput 1 1\nit-next 0\n",
               "t.txt:3: it-next 0: iterator 0 is not open");
  expect_error("gomapfuzz-trace 1\nit-open 1\nit-close 1\nit-close 1\n",
               "t.txt:4: it-close 1: iterator 1 is not open");
  expect_error("gomapfuzz-trace 1\nit-open 2\nmake 5\nit-next 2 3\n",
               "a make closes every iterator");
  EXPECT_NO_THROW(parse_trace(
      "gomapfuzz-trace 1\nit-open 2\nit-next 2\nit-close 2\nit-open 2\n"
      "it-next 2 9\n"));
}

TEST(TraceFile, MissingFileIsAClearError) {
  EXPECT_THROW(read_trace_file("/nonexistent/trace.txt"), TraceError);
}

}  // namespace
}  // namespace gomapfuzz
