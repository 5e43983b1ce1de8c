// Subjects: the maps gomapfuzz can hammer, behind one contract.
//
// The contract is the C ABI of gomapfuzz/subject_abi.h (a versioned table of
// function pointers in capability tiers). Every subject goes through it,
// mapcore included (no privileged path): the built-in ones are linked in,
// a user's is a shared library loaded with load_subject_library. The
// subject executor (subject_replay.h) runs traces on any of them.
//
// Loading negotiates: the library must export gomapfuzz_subject_v1_get,
// speak ABI version 1, hand a table at least as large as this build's, and
// fill every function its tiers promise. Anything else is a SubjectError
// with one line naming the library and what is wrong, before any of its map
// code runs.
#ifndef GOMAPFUZZ_HARNESS_SUBJECT_H_
#define GOMAPFUZZ_HARNESS_SUBJECT_H_

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/subject_abi.h"

namespace gomapfuzz {

// A library or table that cannot be used: one line for the user.
class SubjectError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "a (API), b (allocator), c (layout), ...": the tiers a table declares.
std::string tiers_text(uint32_t tiers);

class Subject {
 public:
  // A table linked into this program (the built-in subjects).
  static Subject linked(const gomapfuzz_subject_v1* table);

  const gomapfuzz_subject_v1& abi() const { return *table_; }
  std::string name() const { return table_->name ? table_->name : "?"; }
  bool has(uint32_t tier) const { return (table_->tiers & tier) != 0; }
  bool supports(KeyType k) const {
    return (table_->key_kinds >> static_cast<unsigned>(k)) & 1u;
  }
  // Where it came from: "built-in" or the library's path.
  const std::string& origin() const { return origin_; }
  // "a (API), b (allocator), c (layout)": the tiers it implements.
  std::string tiers_text() const {
    return gomapfuzz::tiers_text(table_->tiers);
  }

 private:
  Subject(const gomapfuzz_subject_v1* table, std::string origin,
          std::shared_ptr<void> library)
      : table_(table),
        origin_(std::move(origin)),
        library_(std::move(library)) {}
  friend Subject load_subject_library(const std::string& path);

  const gomapfuzz_subject_v1* table_;
  std::string origin_;
  std::shared_ptr<void> library_;  // dlclose()d with the last copy
};

// dlopen()s path and negotiates its table (see the top of the file).
// Throws SubjectError.
Subject load_subject_library(const std::string& path);

// The table's iter_open_at, or nullptr when the table is too old to have
// the field (its struct_size ends before it) or leaves it NULL.
using IterOpenAtFn = void* (*)(void*, uint64_t, uint8_t);
IterOpenAtFn iter_open_at_of(const gomapfuzz_subject_v1* table);

// Checks a table (version, size, the functions its tiers promise); throws
// SubjectError naming `origin`.
void validate_subject_table(const gomapfuzz_subject_v1* table,
                            const std::string& origin);

// The subjects built into gomapfuzz, by name ("mapcore", "std-unordered",
// ...), and the one of a name (SubjectError if none).
struct BuiltinSubject {
  const char* name;
  const char* what;
  const gomapfuzz_subject_v1* (*table)();
};
const std::vector<BuiltinSubject>& builtin_subjects();
// Adds a subject another layer offers (harness does not depend on it: the
// program that links both registers it, e.g. the CLI registers syncmap's).
// Returns true, so a static initializer can call it.
bool register_builtin_subject(const BuiltinSubject& b);
Subject builtin_subject(const std::string& name);

// A subject given as a name (built-in) or a path (a library).
Subject subject_from(const std::string& name_or_path);
// Whether subject_from takes it for a library path (else a built-in name).
bool names_subject_library(const std::string& name_or_path);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_SUBJECT_H_
