# gomapfuzz_add_map_suite(NAME TARGET [PARTS fuzz properties chaos]
#                         [PROPERTY_SEED N] [PROPERTY_CASES N] [LABELS ...])
#
# Builds gomapfuzz's suite against TARGET, a library that defines the
# subject (gomapfuzz_subject_v1_get, harness/include/gomapfuzz/subject_abi.h)
# and is linked into the suite's binaries (STATIC, SHARED, OBJECT or
# INTERFACE; a MODULE library can only be loaded: `gomapfuzz fuzz
# --subject-lib`). PARTS picks what to build (default: all three):
#
#   fuzz        NAME_fuzz_ops, NAME_fuzz_iterate, NAME_fuzz_alloc_faults:
#               fuzz targets whose LLVMFuzzerTestOneInput decodes its input
#               into a trace the subject can run and replays it against the
#               model (suite/fuzz_target.cc). Linked
#                 with ${GOMAPFUZZ_LIB_FUZZING_ENGINE} when set (OSS-Fuzz,
#                   ClusterFuzzLite: -DGOMAPFUZZ_LIB_FUZZING_ENGINE=$LIB_FUZZING_ENGINE)
#                 with -fsanitize=fuzzer when GOMAPFUZZ_LIBFUZZER is ON
#                   (clang; TARGET is then compiled with
#                   -fsanitize=fuzzer-no-link too, or the fuzzer is blind)
#                 else with a replay main() that runs files and folders
#               ctests NAME/fuzz_<kind>/seeds replay the package's seeds.
#   properties  NAME_properties: RapidCheck properties in GoogleTest (needs
#               both; suite/properties_main.cc). ctest NAME/properties, with
#               RC_PARAMS="seed=PROPERTY_SEED max_success=PROPERTY_CASES"
#               (defaults 1 and 100).
#   chaos       NAME_chaos: every allocation failed in turn over generated
#               traces (ctest NAME/chaos) and, a few points each, over the
#               package's corpus traces (NAME/chaos/corpus); reported
#               skipped (exit 77) when the subject has no tier b
#               (suite/chaos_main.cc).
#
# The ctests carry the label NAME (and LABELS). The suite's sources are
# compiled once per project into object libraries (the first call's
# directory gives their flags) and linked with each TARGET.
#
# Set by gomapfuzzConfig.cmake, or by gomapfuzz's own CMakeLists.txt:
#   GOMAPFUZZ_SUITE_DIR          fuzz_target.cc, properties_main.cc, chaos_main.cc
#   GOMAPFUZZ_SUITE_REPLAY_MAIN  replay_main.cc (fuzz/targets/ in the tree)
#   GOMAPFUZZ_SUITE_CORPUS_DIR   map_ops/ map_iterate/ map_alloc_faults/ traces/
include_guard(GLOBAL)

# The object library `gomapfuzz_suite_<part>`, made on first use.
function(_gomapfuzz_suite_objects part)
  set(objects gomapfuzz_suite_${part})
  if(TARGET ${objects})
    return()
  endif()
  if(part MATCHES "^fuzz_(ops|iterate|alloc_faults)$")
    set(kinds_ops kMapOps)
    set(kinds_iterate kMapIterate)
    set(kinds_alloc_faults kMapAllocFaults)
    add_library(${objects} OBJECT ${GOMAPFUZZ_SUITE_DIR}/fuzz_target.cc)
    target_compile_definitions(${objects} PRIVATE
      GOMAPFUZZ_SUITE_TARGET=${kinds_${CMAKE_MATCH_1}})
    target_link_libraries(${objects} PRIVATE gomapfuzz::fuzz)
  elseif(part STREQUAL "replay_main")
    add_library(${objects} OBJECT ${GOMAPFUZZ_SUITE_REPLAY_MAIN})
    target_compile_features(${objects} PRIVATE cxx_std_20)
  elseif(part STREQUAL "properties")
    add_library(${objects} OBJECT ${GOMAPFUZZ_SUITE_DIR}/properties_main.cc)
    target_link_libraries(${objects} PRIVATE gomapfuzz::fuzz
                          gomapfuzz::properties rapidcheck GTest::gtest)
  elseif(part STREQUAL "chaos")
    add_library(${objects} OBJECT ${GOMAPFUZZ_SUITE_DIR}/chaos_main.cc)
    target_link_libraries(${objects} PRIVATE gomapfuzz::fuzz gomapfuzz::chaos)
  endif()
endfunction()

function(gomapfuzz_add_map_suite name target)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "PROPERTY_SEED;PROPERTY_CASES"
                        "PARTS;LABELS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "gomapfuzz_add_map_suite(${name}): unknown "
            "arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "gomapfuzz_add_map_suite(${name}): ${target} is "
            "not a target (the library that defines gomapfuzz_subject_v1_get)")
  endif()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "MODULE_LIBRARY" OR type STREQUAL "EXECUTABLE")
    message(FATAL_ERROR "gomapfuzz_add_map_suite(${name}): ${target} is a "
            "${type}; the suite links its subject in: make it a STATIC or "
            "SHARED library (a MODULE is for `gomapfuzz fuzz --subject-lib`)")
  endif()
  if(NOT arg_PARTS)
    set(arg_PARTS fuzz properties chaos)
  endif()
  foreach(part ${arg_PARTS})
    if(NOT part MATCHES "^(fuzz|properties|chaos)$")
      message(FATAL_ERROR "gomapfuzz_add_map_suite(${name}): unknown part "
              "'${part}' (fuzz, properties, chaos)")
    endif()
  endforeach()
  if(NOT DEFINED arg_PROPERTY_SEED)
    set(arg_PROPERTY_SEED 1)
  endif()
  if(NOT DEFINED arg_PROPERTY_CASES)
    set(arg_PROPERTY_CASES 100)
  endif()
  set(tests "")

  if("fuzz" IN_LIST arg_PARTS)
    separate_arguments(engine NATIVE_COMMAND "${GOMAPFUZZ_LIB_FUZZING_ENGINE}")
    set(run_corpus "")
    if(engine OR GOMAPFUZZ_LIBFUZZER)
      # libFuzzer and its kin replay a folder with -runs=0.
      set(run_corpus -runs=0)
    endif()
    if(GOMAPFUZZ_LIBFUZZER AND NOT engine)
      if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "gomapfuzz_add_map_suite(${name}): "
                "GOMAPFUZZ_LIBFUZZER needs clang (-fsanitize=fuzzer); "
                "${CMAKE_CXX_COMPILER_ID} builds the replay binaries")
      endif()
      get_target_property(imported ${target} IMPORTED)
      if(NOT imported AND NOT type STREQUAL "INTERFACE_LIBRARY")
        target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
      endif()
    else()
      _gomapfuzz_suite_objects(replay_main)
    endif()
    # The kinds of work, named as `gomapfuzz fuzz` names them, each with the
    # seeds of the project's target of the same kind.
    foreach(kind ops iterate alloc_faults)
      set(seeds_ops map_ops)
      set(seeds_iterate map_iterate)
      set(seeds_alloc_faults map_alloc_faults)
      set(exe ${name}_fuzz_${kind})
      _gomapfuzz_suite_objects(fuzz_${kind})
      add_executable(${exe})
      target_link_libraries(${exe} PRIVATE gomapfuzz_suite_fuzz_${kind}
                            gomapfuzz::fuzz ${target})
      if(engine)
        target_link_libraries(${exe} PRIVATE ${engine})
      elseif(GOMAPFUZZ_LIBFUZZER)
        target_link_options(${exe} PRIVATE -fsanitize=fuzzer)
      else()
        target_link_libraries(${exe} PRIVATE gomapfuzz_suite_replay_main)
      endif()
      add_test(NAME ${name}/fuzz_${kind}/seeds
               COMMAND ${exe} ${run_corpus}
                       ${GOMAPFUZZ_SUITE_CORPUS_DIR}/${seeds_${kind}})
      list(APPEND tests ${name}/fuzz_${kind}/seeds)
    endforeach()
  endif()

  if("properties" IN_LIST arg_PARTS)
    if(NOT TARGET rapidcheck)
      find_package(rapidcheck CONFIG REQUIRED)
    endif()
    if(NOT TARGET GTest::gtest)
      find_package(GTest REQUIRED)
    endif()
    _gomapfuzz_suite_objects(properties)
    set(exe ${name}_properties)
    add_executable(${exe})
    target_link_libraries(${exe} PRIVATE gomapfuzz_suite_properties
                          gomapfuzz::fuzz ${target} rapidcheck GTest::gtest)
    add_test(NAME ${name}/properties COMMAND ${exe})
    set_tests_properties(${name}/properties PROPERTIES ENVIRONMENT
      "RC_PARAMS=seed=${arg_PROPERTY_SEED} max_success=${arg_PROPERTY_CASES}")
    list(APPEND tests ${name}/properties)
  endif()

  if("chaos" IN_LIST arg_PARTS)
    _gomapfuzz_suite_objects(chaos)
    set(exe ${name}_chaos)
    add_executable(${exe})
    target_link_libraries(${exe} PRIVATE gomapfuzz_suite_chaos
                          gomapfuzz::fuzz gomapfuzz::chaos ${target})
    # Every allocation of 20 short generated traces; a sample of 24 of each
    # corpus trace the subject can run (some are thousands of ops long).
    add_test(NAME ${name}/chaos COMMAND ${exe} --generated 20)
    add_test(NAME ${name}/chaos/corpus
             COMMAND ${exe} --generated 0 --max-points 24
                     ${GOMAPFUZZ_SUITE_CORPUS_DIR}/traces)
    set_tests_properties(${name}/chaos ${name}/chaos/corpus PROPERTIES
                         SKIP_RETURN_CODE 77)
    list(APPEND tests ${name}/chaos ${name}/chaos/corpus)
  endif()

  set_tests_properties(${tests} PROPERTIES LABELS "${name};${arg_LABELS}")
endfunction()
