# The installed package, checked as a user meets it (ctest install/example):
#   1. `cmake --install BUILD_DIR --prefix WORK/prefix` (a fresh prefix);
#   2. its CMake files name neither this source tree nor this build tree
#      (a package that does works here and nowhere else);
#   3. EXAMPLE configured with only the prefix on CMAKE_PREFIX_PATH, built,
#      and its ctests run: all must pass, none skipped (the example's
#      subject has tier b, so even the sweep runs).
#   cmake -DBUILD_DIR=build/default -DSOURCE_DIR=. -DEXAMPLE=dir -DWORK=dir
#         -DGENERATOR=Ninja -DCC=cc -DCXX=c++ -P installed_suite.cmake
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  message(STATUS "${what}:\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (exit ${rc})")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK}")
set(prefix "${WORK}/prefix")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}"
                        --prefix "${prefix}"
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (exit ${rc}):\n${err}")
endif()

file(GLOB package_files "${prefix}/lib*/cmake/gomapfuzz/*.cmake")
if(NOT package_files)
  message(FATAL_ERROR "no gomapfuzz CMake package under ${prefix}")
endif()
foreach(f ${package_files})
  file(READ "${f}" text)
  foreach(tree "${SOURCE_DIR}" "${BUILD_DIR}")
    string(FIND "${text}" "${tree}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${f} names ${tree}: the package would only work "
              "on this machine")
    endif()
  endforeach()
endforeach()

set(build "${WORK}/build")
# No build type: -O0, the quickest to compile; the suite's runs are small.
run("configure the example" ${CMAKE_COMMAND} -S "${EXAMPLE}" -B "${build}"
    -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${prefix}"
    "-DCMAKE_C_COMPILER=${CC}" "-DCMAKE_CXX_COMPILER=${CXX}")
run("build the example" ${CMAKE_COMMAND} --build "${build}" -j 2)
run("the example's ctests" ${CMAKE_CTEST_COMMAND} --test-dir "${build}"
    --output-on-failure)
if(NOT out MATCHES "100% tests passed, 0 tests failed out of ([0-9]+)")
  message(FATAL_ERROR "the example's ctests did not all pass")
endif()
set(passed ${CMAKE_MATCH_1})
if(out MATCHES "Skipped|Not Run")
  message(FATAL_ERROR "the example's ctests skipped some")
endif()
message(STATUS "the example: ${passed} ctests passed")
