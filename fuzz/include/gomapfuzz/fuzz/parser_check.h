// What the trace_parser fuzz target checks on arbitrary bytes.
//
// The text trace parser and the corpus file reader face files from
// anywhere (crash reports, hand edits, truncated downloads). On any bytes:
//   - parse_trace either returns a trace or throws TraceError whose message
//     is one non-empty line; nothing else escapes;
//   - read_trace_file on a file holding the same bytes agrees with it;
//   - a parsed trace prints and parses back to the same text;
//   - a parsed trace small enough to run quickly replays cleanly on mapcore
//     against the model (any trace the parser accepts is one the replayer
//     must handle).
#ifndef GOMAPFUZZ_FUZZ_PARSER_CHECK_H_
#define GOMAPFUZZ_FUZZ_PARSER_CHECK_H_

#include <optional>
#include <string>
#include <string_view>

namespace gomapfuzz {

// Replay bounds for parsed traces: past these, the input only exercises the
// parser (a 1e6-entry make would turn one input into seconds of work).
inline constexpr std::size_t kParserReplayMaxOps = 2000;
inline constexpr int64_t kParserReplayMaxHint = 4096;

struct ParserCheck {
  bool parsed = false;
  std::string error;                   // the parse error, when not parsed
  bool replayed = false;               // within the replay bounds
  std::optional<std::string> failure;  // a broken rule: the bug found
};

ParserCheck check_parser_input(std::string_view bytes);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_FUZZ_PARSER_CHECK_H_
