#include "mapcore/misuse.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace mapcore {
namespace {

std::atomic<MisuseHandler> g_handler{&abort_on_misuse};

}  // namespace

const char* misuse_message(MisuseKind kind) {
  switch (kind) {
    case MisuseKind::kConcurrentWrites:
      return "concurrent map writes";
    case MisuseKind::kConcurrentReadWrite:
      return "concurrent map read and map write";
    case MisuseKind::kConcurrentIterationWrite:
      return "concurrent map iteration and map write";
  }
  return "concurrent map misuse";
}

MisuseHandler set_misuse_handler(MisuseHandler handler) {
  return g_handler.exchange(handler ? handler : &abort_on_misuse);
}

void report_misuse(MisuseKind kind) {
  g_handler.load()(kind);
  std::abort();
}

void abort_on_misuse(MisuseKind kind) {
  std::fprintf(stderr, "fatal error: %s\n", misuse_message(kind));
  std::abort();
}

void throw_on_misuse(MisuseKind kind) { throw ConcurrentMapMisuse(kind); }

}  // namespace mapcore
