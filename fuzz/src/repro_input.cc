// See repro_input.h.
#include "gomapfuzz/fuzz/repro_input.h"

#include <filesystem>
#include <fstream>

namespace gomapfuzz {
namespace {

std::string read_bounded(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(path + ": no such file");
  if (fs::is_directory(path, ec)) throw InputError(path + ": is a directory");
  const auto size = fs::file_size(path, ec);
  if (ec) throw InputError(path + ": cannot read: " + ec.message());
  if (size > kMaxTraceBytes) {
    throw InputError(path + ": file too large (" + std::to_string(size) +
                     " bytes; traces are limited to " +
                     std::to_string(kMaxTraceBytes) + ")");
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    throw InputError(path + ": cannot read");
  }
  return bytes;
}

std::string target_list() {
  std::string s;
  for (const std::string& name : fuzz_target_names()) {
    s += (s.empty() ? "" : ", ") + name;
  }
  return s;
}

}  // namespace

std::vector<std::string> fuzz_target_names() {
  std::vector<std::string> names;
  for (FuzzTarget t : kFuzzTargets) names.emplace_back(fuzz_target_name(t));
  return names;
}

ReproInput load_repro_input(const std::string& path,
                            std::optional<FuzzTarget> target) {
  ReproInput in;
  in.path = path;
  in.bytes = read_bounded(path);
  if (!target) target = fuzz_target_from_path(path);
  const bool parser = target == FuzzTarget::kTraceParser;
  if (!parser && looks_like_trace(in.bytes)) {
    try {
      in.decoded.trace = parse_trace(in.bytes, path);
      if (auto f = find_fault_comment(in.bytes, path)) in.decoded.faults = *f;
    } catch (const TraceError& e) {
      throw InputError(e.what());
    }
    return in;
  }
  in.raw = true;
  if (!target) {
    throw InputError(
        path +
        ": not a text trace (no 'gomapfuzz-trace 1' line) and no fuzz target "
        "to decode it as a raw input: pass --target (" +
        target_list() + ") or keep it in a folder named after its target");
  }
  if (in.bytes.size() > kMaxRawInputBytes) {
    throw InputError(path + ": raw input too large (" +
                     std::to_string(in.bytes.size()) + " bytes; limit " +
                     std::to_string(kMaxRawInputBytes) + ")");
  }
  in.target = target;
  if (!parser) {
    in.decoded = decode_fuzz_input(
        *target,
        {reinterpret_cast<const uint8_t*>(in.bytes.data()), in.bytes.size()});
  }
  return in;
}

}  // namespace gomapfuzz
