// expect_sound(m): one test failure per invariant the map breaks (the full
// checker, mapcore/invariants.h), so a broken map names every rule at once.
// Shared by mapcore's tests.
#ifndef MAPCORE_TESTS_EXPECT_SOUND_H_
#define MAPCORE_TESTS_EXPECT_SOUND_H_

#include <gtest/gtest.h>

#include "mapcore/invariants.h"

namespace mapcore::test {

template <class M>
void expect_sound(const M& m) {
  for (const auto& v : check_invariants(m)) ADD_FAILURE() << v.to_string();
}

}  // namespace mapcore::test

#endif  // MAPCORE_TESTS_EXPECT_SOUND_H_
