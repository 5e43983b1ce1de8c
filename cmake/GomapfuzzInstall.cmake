# `cmake --install`: the libraries as the CMake package gomapfuzz, with the
# suite behind gomapfuzz_add_map_suite() and what it runs on.
#
#   lib/libmapcore.a, libgomapfuzz_{harness,fuzz,properties,chaos}.a
#   include/mapcore/..., include/gomapfuzz/...       the public headers
#   bin/gomapfuzz                                     the CLI (when built)
#   lib/cmake/gomapfuzz/                              gomapfuzzConfig.cmake,
#       its version file, gomapfuzzTargets.cmake (gomapfuzz::abi,
#       ::mapcore, ::harness, ::fuzz, ::properties, ::chaos, ::gomapfuzz),
#       Findxxhash, GomapfuzzSuite.cmake
#   share/gomapfuzz/suite/    the suite's sources, compiled into the user's
#                             binaries with the user's flags (libFuzzer,
#                             sanitizers)
#   share/gomapfuzz/corpus/   seeds of the suite's tests: map_ops/,
#                             map_iterate/, map_alloc_faults/ (raw inputs),
#                             traces/ (text traces for the sweep)
#
# The libraries are static and built with this project's flags; a user's
# fuzz build compiles only the suite and the subject with its own.
include(CMakePackageConfigHelpers)
set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/gomapfuzz)
set(data_dir ${CMAKE_INSTALL_DATADIR}/gomapfuzz)

install(TARGETS gomapfuzz_abi mapcore gomapfuzz_harness gomapfuzz_fuzz
                gomapfuzz_properties gomapfuzz_chaos
        EXPORT gomapfuzzTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
if(TARGET gomapfuzz)
  install(TARGETS gomapfuzz EXPORT gomapfuzzTargets
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
foreach(dir mapcore harness fuzz properties chaos)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/include/
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

install(EXPORT gomapfuzzTargets NAMESPACE gomapfuzz::
        DESTINATION ${config_dir})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/gomapfuzzConfig.cmake.in
  ${PROJECT_BINARY_DIR}/gomapfuzzConfig.cmake
  INSTALL_DESTINATION ${config_dir}
  PATH_VARS data_dir)
# 0.x: only 0.x.z answers a request for 0.x (a minor release may break).
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/gomapfuzzConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/gomapfuzzConfig.cmake
              ${PROJECT_BINARY_DIR}/gomapfuzzConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/Findxxhash.cmake
              ${PROJECT_SOURCE_DIR}/cmake/GomapfuzzSuite.cmake
        DESTINATION ${config_dir})

install(FILES ${GOMAPFUZZ_SUITE_DIR}/fuzz_target.cc
              ${GOMAPFUZZ_SUITE_DIR}/properties_main.cc
              ${GOMAPFUZZ_SUITE_DIR}/chaos_main.cc
              ${GOMAPFUZZ_SUITE_REPLAY_MAIN}
        DESTINATION ${data_dir}/suite)
foreach(seeds map_ops map_iterate map_alloc_faults traces)
  install(DIRECTORY ${GOMAPFUZZ_SUITE_CORPUS_DIR}/${seeds}
          DESTINATION ${data_dir}/corpus)
endforeach()
