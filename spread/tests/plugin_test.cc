// --hash-lib: the example plugin (examples/xxh3_plugin.cc, built by CMake)
// loads through dlopen and behaves exactly as the built-in xxh3.
#include <gtest/gtest.h>

#include "gomapfuzz/spread/geometry.h"
#include "gomapfuzz/spread/hash_registry.h"

namespace gomapfuzz::spread {
namespace {

TEST(SpreadPlugin, ExampleLibraryMatchesBuiltinXxh3) {
  const NamedHash plugin = load_hash_library(SPREAD_EXAMPLE_PLUGIN);
  const NamedHash builtin = make_builtin_hash("xxh3", 1);
  for (std::size_t n = 0; n < 40; ++n) {
    const std::string key(n, 'k');
    EXPECT_EQ(plugin.impl->hash(key.data(), n, 77),
              builtin.impl->hash(key.data(), n, 77));
  }
  GeometryOptions o;
  o.max_b = 10;
  o.loads = {3.25, 6.5};
  o.realmap_max_b = 8;
  o.families = {KeyFamily::kSeqInt, KeyFamily::kLongPrefix};
  const GeometryResult a = run_geometry(*plugin.impl, o);
  const GeometryResult b = run_geometry(*builtin.impl, o);
  ASSERT_EQ(a.section.rows.size(), b.section.rows.size());
  for (std::size_t i = 0; i < a.section.rows.size(); ++i) {
    EXPECT_EQ(a.section.rows[i].statistic, b.section.rows[i].statistic);
    EXPECT_EQ(a.section.rows[i].verdict, Verdict::kPass)
        << a.section.rows[i].test << " " << a.section.rows[i].statistic;
  }
}

TEST(SpreadPlugin, MissingLibraryIsAClearError) {
  try {
    load_hash_library("/nonexistent/libnothing.so");
    ADD_FAILURE() << "no error";
  } catch (const HashLookupError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/libnothing.so"),
              std::string::npos)
        << e.what();
  }
}

TEST(SpreadPlugin, LibraryWithoutHashSymbolIsAClearError) {
  // libm is always there and exports no `hash`.
  try {
    load_hash_library("libm.so.6");
    ADD_FAILURE() << "no error";
  } catch (const HashLookupError& e) {
    EXPECT_NE(std::string(e.what()).find("does not export"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace gomapfuzz::spread
