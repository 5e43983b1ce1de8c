// The battery in a sandbox child (design in sandboxed_battery.h). The child
// sends one tagged line per event:
//   S <done> <total> <section> <unit>   a unit finished
//   O <text> / E <text>                 a line finish wrote to out / err
//   L <message>                         the library did not load
//   X <code>                            finish's exit code, always last
#include "gomapfuzz/spread/sandboxed_battery.h"

#include <algorithm>
#include <memory>
#include <sstream>
#include <string_view>

#include "gomapfuzz/harness/sandbox.h"
#include "gomapfuzz/spread/published_hash.h"

namespace gomapfuzz::spread {
namespace {

using harness::SandboxChild;

// The stage label while dlopen runs (a plugin's constructors run there).
constexpr const char* kLoadStage = "load";

void send(char tag, std::string_view text) {
  SandboxChild::send_line(std::string(1, tag) + " " + std::string(text));
}

void send_lines(char tag, const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) send(tag, line);
}

std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

// The library, loaded under the watchdog; null when it does not load.
std::shared_ptr<NamedHash> load_in_child(const std::string& path) {
  SandboxChild::set_stage(kLoadStage);
  SandboxChild::begin_call();
  try {
    auto h = std::make_shared<NamedHash>(load_hash_library(path));
    SandboxChild::end_call();
    return h;
  } catch (const HashLookupError& e) {
    SandboxChild::end_call();
    send('L', one_line(e.what()));
    return nullptr;
  }
}

void child_main(const SandboxedBatteryOptions& o, const BatteryFinish& finish) {
  const std::shared_ptr<NamedHash> loaded = load_in_child(o.library);
  if (!loaded) return;
  const NamedHash h{loaded->name, loaded->description,
                    std::make_shared<PublishedHash>(loaded->impl)};
  const Battery b = run_battery(h, o.battery, [&](const BatteryStep& s) {
    if (!s.finished) {
      SandboxChild::set_stage(s.section + "/" + s.unit);
      return;
    }
    send('S', std::to_string(s.done) + " " + std::to_string(s.total) + " " +
                  s.section + " " + s.unit);
  });
  std::ostringstream out, err;
  const int code = finish(b, out, err);
  send_lines('O', out.str());
  send_lines('E', err.str());
  send('X', std::to_string(code));
}

BatteryStep parse_step(const std::string& payload) {
  BatteryStep s;
  s.finished = true;
  std::istringstream in(payload);
  in >> s.done >> s.total >> s.section;
  std::getline(in >> std::ws, s.unit);
  return s;
}

// The one line for a child that did not end well.
std::string failure_line(const std::string& lib,
                         const harness::SandboxResult& r) {
  const std::string what = r.what();
  if (!r.input) {
    return lib + ": the battery's child process " + what +
           " before any hash() call";
  }
  const harness::SandboxInput& in = *r.input;
  if (in.stage == kLoadStage && in.inside_call) {
    return lib + ": loading the library (dlopen) " + what;
  }
  if (!in.inside_call) {
    return lib + ": the battery's child process " + what + " in " + in.stage +
           ", outside hash() (last key " + in.describe() + ")";
  }
  if (!in.recorded) return lib + ": hash() " + what + " in " + in.stage;
  return lib + ": hash() " + what + " on key " + in.describe() + " in " +
         in.stage;
}

}  // namespace

SandboxedBattery run_battery_sandboxed(const SandboxedBatteryOptions& o,
                                       const BatteryFinish& finish,
                                       const BatteryProgress& progress) {
  SandboxedBattery r;
  bool got_code = false, load_failed = false;
  harness::SandboxOptions so;
  so.timeout_seconds = o.timeout_seconds;
  so.on_line = [&](std::string_view line) {
    if (line.size() < 2) return;
    const std::string payload(line.substr(2));
    switch (line[0]) {
      case 'S':
        if (progress) progress(parse_step(payload));
        break;
      case 'O':
        r.out += payload + "\n";
        break;
      case 'E':
        r.err += payload + "\n";
        break;
      case 'L':
        load_failed = true;
        r.error = payload;
        break;
      case 'X':
        got_code = true;
        r.exit_code = std::stoi(payload);
        break;
    }
  };
  const harness::SandboxResult sr =
      harness::run_sandboxed([&] { child_main(o, finish); }, so);
  r.child_output = sr.stderr_head;
  if (!sr.ok()) {
    r.end = SandboxedBattery::End::kPluginFailed;
    r.error = failure_line(o.library, sr);
  } else if (load_failed) {
    r.end = SandboxedBattery::End::kLoadError;
  } else if (!got_code) {
    r.end = SandboxedBattery::End::kPluginFailed;
    r.error = o.library +
              ": the battery's child process ended without a result (did "
              "hash() call exit()?)";
  }
  return r;
}

}  // namespace gomapfuzz::spread
