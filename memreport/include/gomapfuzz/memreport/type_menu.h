// The key and value types the memory report offers.
//
// A mapcore map needs its key and value types at compile time, so the report
// offers a fixed menu, each entry instantiated once (src/runner_*.cc):
//   uint64, int32, string, and bytesN (Go's [N]byte) for N in kByteSizes.
// bytesN covers any struct of N bytes: Go's bucket layout depends only on a
// type's size (keys and values sit in runs of 8, each run a multiple of 8
// bytes after the 8 tophash bytes, so alignment never adds padding), and on
// whether it exceeds 128 bytes, which moves it out of line.
#ifndef GOMAPFUZZ_MEMREPORT_TYPE_MENU_H_
#define GOMAPFUZZ_MEMREPORT_TYPE_MENU_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gomapfuzz::memreport {

// The [N]byte sizes: powers of two for the common widths, 24 for a three-word
// struct, 128 as the largest inline slot, 129 as the smallest out-of-line
// one, and 256 and 1024 for large values. Each size costs one mapcore
// instantiation per key type, so the list stays short.
inline constexpr std::array<std::size_t, 12> kByteSizes = {
    1, 2, 4, 8, 16, 24, 32, 64, 128, 129, 256, 1024};

enum class TypeKind { kUint64, kInt32, kString, kBytes };

struct TypeSpec {
  TypeKind kind = TypeKind::kUint64;
  std::size_t size = 8;  // Go's unsafe.Sizeof: 8, 4, 16 (string header), N

  std::string name() const;     // "uint64", "bytes24"
  std::string go_name() const;  // "uint64", "[24]byte"
  // Whether Go's type holds pointers (a string's data pointer).
  bool has_pointers() const { return kind == TypeKind::kString; }

  friend bool operator==(const TypeSpec&, const TypeSpec&) = default;
};

// Parses "uint64", "int32", "string", "bytesN" or "[N]byte" with N in
// kByteSizes; nullopt for anything else.
std::optional<TypeSpec> parse_type(std::string_view text);

// The one-line list of choices, for --help and for errors.
std::string type_choices();

}  // namespace gomapfuzz::memreport

#endif  // GOMAPFUZZ_MEMREPORT_TYPE_MENU_H_
