# gomapfuzz_unity_build(target [batch]): compiles the target's sources in
# batches of `batch` (default 6) per unit.
#
# Why: most of this project's compile time is code generation for the inline
# functions of header-only libraries (GoogleTest, RapidCheck, CLI11, the
# mapcore templates) that every unit emits again and the linker then throws
# away; a batch emits them once. CI builds everything twice (g++, then clang
# with ASan) on two cores, and this halves the suites' share of it.
# Batches, not one unit per target, so both cores stay busy. Sources must not
# clash in their anonymous namespaces (a clash is a compile error, never a
# silent change).
function(gomapfuzz_unity_build target)
  set(batch 6)
  if(ARGC GREATER 1)
    set(batch ${ARGV1})
  endif()
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON
                                             UNITY_BUILD_BATCH_SIZE ${batch})
endfunction()
