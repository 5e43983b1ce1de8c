# Keeps the README's "Fuzz your own map" example true: its C code block
# must be examples/installed_suite/linear.c (which the installed package's
# example also builds), and that file, compiled as the README says, must
# come out of `gomapfuzz fuzz` clean (exit 0, "no findings").
#   cmake -DREADME=README.md -DSOURCE=examples/installed_suite/linear.c
#         -DCC=cc -DINCLUDE=harness/include -DGOMAPFUZZ=build/.../gomapfuzz
#         -DWORK=dir -P readme_example.cmake
file(READ "${README}" text)
string(FIND "${text}" "## Fuzz your own map" at)
if(at EQUAL -1)
  message(FATAL_ERROR "README has no 'Fuzz your own map' section")
endif()
string(SUBSTRING "${text}" ${at} -1 text)
string(FIND "${text}" "```c\n" begin)
string(FIND "${text}" "\n```\n" end)
if(begin EQUAL -1 OR end LESS begin)
  message(FATAL_ERROR "no ```c block in the section")
endif()
math(EXPR begin "${begin} + 5")
math(EXPR length "${end} - ${begin} + 1")
string(SUBSTRING "${text}" ${begin} ${length} code)
file(READ "${SOURCE}" source)
if(NOT code STREQUAL source)
  message(FATAL_ERROR "the README's C example differs from ${SOURCE}: "
          "copy the file into the README's ```c block")
endif()
file(MAKE_DIRECTORY "${WORK}")
execute_process(
  COMMAND ${CC} -shared -fPIC -O2 -Wall -Werror -Wno-unused-parameter
          -I${INCLUDE} ${SOURCE} -o liblinear.so
  WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the README's example does not compile:\n${err}")
endif()
execute_process(
  COMMAND ${GOMAPFUZZ} fuzz --subject-lib ./liblinear.so --seconds 3 -q
          --out-dir findings
  WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE rc OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "no findings")
  message(FATAL_ERROR "fuzzing the README's example: exit ${rc}\n${out}\n${err}")
endif()
message(STATUS "${out}")
