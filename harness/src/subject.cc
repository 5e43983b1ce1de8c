#include "gomapfuzz/harness/subject.h"

#include <dlfcn.h>

#include <cstddef>

namespace gomapfuzz {

namespace subjects {
const gomapfuzz_subject_v1* mapcore_subject();
const gomapfuzz_subject_v1* std_unordered_subject();
}  // namespace subjects

Subject Subject::linked(const gomapfuzz_subject_v1* table) {
  validate_subject_table(table, "built-in subject");
  return Subject(table, "built-in", nullptr);
}

std::string tiers_text(uint32_t tiers) {
  const auto has = [tiers](uint32_t t) { return (tiers & t) != 0; };
  std::string s = "a (API)";
  if (has(GOMAPFUZZ_TIER_ALLOCATOR)) s += ", b (allocator)";
  if (has(GOMAPFUZZ_TIER_LAYOUT)) s += ", c (layout)";
  if (has(GOMAPFUZZ_TIER_HASH) && has(GOMAPFUZZ_TIER_RANDOM)) {
    s += ", d (hash, random source)";
  } else if (has(GOMAPFUZZ_TIER_HASH)) {
    s += ", d (hash)";
  } else if (has(GOMAPFUZZ_TIER_RANDOM)) {
    s += ", d (random source)";
  }
  if (has(GOMAPFUZZ_TIER_CONCURRENT)) s += ", e (concurrent)";
  return s;
}

IterOpenAtFn iter_open_at_of(const gomapfuzz_subject_v1* t) {
  constexpr std::size_t end =
      offsetof(gomapfuzz_subject_v1, iter_open_at) + sizeof(t->iter_open_at);
  return t->struct_size >= end ? t->iter_open_at : nullptr;
}

void validate_subject_table(const gomapfuzz_subject_v1* t,
                            const std::string& origin) {
  auto bad = [&](const std::string& what) {
    throw SubjectError(origin + ": " + what);
  };
  if (t == nullptr)
    bad(std::string(GOMAPFUZZ_SUBJECT_SYMBOL) + "() returned NULL");
  if (t->abi_version != GOMAPFUZZ_SUBJECT_ABI_VERSION) {
    bad("speaks subject ABI version " + std::to_string(t->abi_version) +
        ", this gomapfuzz speaks version " +
        std::to_string(GOMAPFUZZ_SUBJECT_ABI_VERSION) +
        " (rebuild it against this gomapfuzz's gomapfuzz/subject_abi.h)");
  }
  if (t->struct_size < GOMAPFUZZ_SUBJECT_V1_0_SIZE) {
    bad("its table is " + std::to_string(t->struct_size) +
        " bytes, version 1's is at least " +
        std::to_string(GOMAPFUZZ_SUBJECT_V1_0_SIZE));
  }
  const std::pair<const void*, const char*> required[] = {
      {reinterpret_cast<const void*>(t->make), "make"},
      {reinterpret_cast<const void*>(t->destroy), "destroy"},
      {reinterpret_cast<const void*>(t->put), "put"},
      {reinterpret_cast<const void*>(t->get), "get"},
      {reinterpret_cast<const void*>(t->erase), "erase"},
      {reinterpret_cast<const void*>(t->clear), "clear"},
      {reinterpret_cast<const void*>(t->len), "len"},
      {reinterpret_cast<const void*>(t->iter_open), "iter_open"},
      {reinterpret_cast<const void*>(t->iter_next), "iter_next"},
      {reinterpret_cast<const void*>(t->iter_close), "iter_close"},
  };
  for (const auto& [fn, name] : required) {
    if (fn == nullptr) bad(std::string("its table has no ") + name + "()");
  }
  if ((t->tiers & GOMAPFUZZ_TIER_LAYOUT) && t->dump == nullptr) {
    bad("claims tier c (layout) but has no dump()");
  }
  if ((t->tiers & GOMAPFUZZ_TIER_RANDOM) && iter_open_at_of(t) == nullptr) {
    bad("claims tier d's random source but has no iter_open_at()");
  }
  if ((t->key_kinds & 7u) == 0) bad("supports no key kind (key_kinds is 0)");
}

Subject load_subject_library(const std::string& path) {
  // A bare name would make dlopen search the library path: a subject is a
  // file the user names.
  const std::string where =
      path.find('/') == std::string::npos ? "./" + path : path;
  void* h = dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    const char* e = dlerror();
    throw SubjectError(path + ": cannot load it as a shared library (" +
                       std::string(e ? e : "unknown error") + ")");
  }
  std::shared_ptr<void> lib(h, [](void* p) { dlclose(p); });
  dlerror();
  void* sym = dlsym(h, GOMAPFUZZ_SUBJECT_SYMBOL);
  if (sym == nullptr) {
    throw SubjectError(path + ": exports no " +
                       std::string(GOMAPFUZZ_SUBJECT_SYMBOL) +
                       "() (see gomapfuzz/subject_abi.h)");
  }
  auto get = reinterpret_cast<gomapfuzz_subject_v1_get_fn>(sym);
  const gomapfuzz_subject_v1* table = get();
  validate_subject_table(table, path);
  return Subject(table, path, std::move(lib));
}

namespace {

// harness's own, then what other layers registered (syncmap, through the
// CLI), in registration order.
std::vector<BuiltinSubject>& builtin_table() {
  static std::vector<BuiltinSubject> all = {
      {"mapcore", "the project's port of Go 1.19's map, through the C ABI",
       &subjects::mapcore_subject},
      {"std-unordered",
       "std::unordered_map behind Go's semantics (snapshot iteration); tier "
       "a only",
       &subjects::std_unordered_subject},
  };
  return all;
}

}  // namespace

const std::vector<BuiltinSubject>& builtin_subjects() {
  return builtin_table();
}

bool register_builtin_subject(const BuiltinSubject& b) {
  builtin_table().push_back(b);
  return true;
}

Subject builtin_subject(const std::string& name) {
  std::string names;
  for (const auto& b : builtin_subjects()) {
    if (name == b.name) return Subject::linked(b.table());
    names += std::string(names.empty() ? "" : ", ") + b.name;
  }
  throw SubjectError("no built-in subject '" + name + "' (built in: " + names +
                     "; a library is named by its path)");
}

bool names_subject_library(const std::string& name_or_path) {
  return name_or_path.find('/') != std::string::npos ||
         name_or_path.find(".so") != std::string::npos;
}

Subject subject_from(const std::string& name_or_path) {
  if (names_subject_library(name_or_path)) {
    return load_subject_library(name_or_path);
  }
  return builtin_subject(name_or_path);
}

}  // namespace gomapfuzz
