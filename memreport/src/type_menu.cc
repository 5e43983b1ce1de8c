// Parsing and naming the memory report's type menu (type_menu.h).
#include "gomapfuzz/memreport/type_menu.h"

#include <algorithm>
#include <charconv>

namespace gomapfuzz::memreport {
namespace {

std::optional<std::size_t> menu_size(std::string_view digits) {
  std::size_t n = 0;
  const char* end = digits.data() + digits.size();
  const auto [p, ec] = std::from_chars(digits.data(), end, n);
  if (ec != std::errc() || p != end || digits.empty()) return std::nullopt;
  if (std::find(kByteSizes.begin(), kByteSizes.end(), n) == kByteSizes.end()) {
    return std::nullopt;
  }
  return n;
}

}  // namespace

std::string TypeSpec::name() const {
  switch (kind) {
    case TypeKind::kUint64:
      return "uint64";
    case TypeKind::kInt32:
      return "int32";
    case TypeKind::kString:
      return "string";
    case TypeKind::kBytes:
      return "bytes" + std::to_string(size);
  }
  return "?";
}

std::string TypeSpec::go_name() const {
  if (kind == TypeKind::kBytes) return "[" + std::to_string(size) + "]byte";
  return name();
}

std::optional<TypeSpec> parse_type(std::string_view text) {
  if (text == "uint64") return TypeSpec{TypeKind::kUint64, 8};
  if (text == "int32") return TypeSpec{TypeKind::kInt32, 4};
  if (text == "string") return TypeSpec{TypeKind::kString, 16};
  std::optional<std::size_t> n;
  if (text.starts_with("bytes")) {
    n = menu_size(text.substr(5));
  } else if (text.starts_with("[") && text.ends_with("]byte")) {
    n = menu_size(text.substr(1, text.size() - 6));
  }
  if (!n) return std::nullopt;
  return TypeSpec{TypeKind::kBytes, *n};
}

std::string type_choices() {
  std::string s = "uint64, int32, string, bytesN or [N]byte for N in {";
  for (std::size_t i = 0; i < kByteSizes.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(kByteSizes[i]);
  }
  return s + "}";
}

}  // namespace gomapfuzz::memreport
