// trace_parser: the text trace parser and the corpus file reader on
// arbitrary bytes: a clear one-line error or a trace that prints back to
// itself and replays cleanly; never a crash (see parser_check.h).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "gomapfuzz/fuzz/parser_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gomapfuzz;
  const ParserCheck c =
      check_parser_input({reinterpret_cast<const char*>(data), size});
  if (c.failure) {
    std::fprintf(stderr,
                 "==== gomapfuzz trace_parser: FAILED: %s\n"
                 "reproduce: gomapfuzz repro --target trace_parser <crash "
                 "file>\n",
                 c.failure->c_str());
    std::abort();
  }
  return 0;
}
