# Runs a command and passes only if it exits with EXPECT_EXIT, its stderr
# (without its last newline) matches EXPECT_STDERR when given (a CMake
# regex; ^ and $ anchor the whole text), in exactly EXPECT_LINES lines when
# given, and its stdout matches EXPECT_STDOUT when given. ctest's own
# PASS_REGULAR_EXPRESSION ignores the exit status, so a crash of the command
# itself (exit 134, 139) would pass with the right text; here it fails.
#   cmake -DCOMMAND=prog|arg|... -DEXPECT_EXIT=1 -DEXPECT_STDERR=regex
#         -DEXPECT_LINES=1 -DEXPECT_STDOUT=regex -P expect_exit.cmake
# (Arguments are separated by '|'; none may contain '|' or ';'.)
string(REPLACE "|" ";" cmd "${COMMAND}")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "exit status '${rc}', expected ${EXPECT_EXIT}\n"
                      "stderr:\n${err}\nstdout:\n${out}")
endif()
string(REGEX REPLACE "\n$" "" text "${err}")
if(DEFINED EXPECT_STDERR AND NOT text MATCHES "${EXPECT_STDERR}")
  message(FATAL_ERROR "stderr does not match '${EXPECT_STDERR}':\n${err}")
endif()
if(DEFINED EXPECT_STDOUT AND NOT out MATCHES "${EXPECT_STDOUT}")
  message(FATAL_ERROR "stdout does not match '${EXPECT_STDOUT}':\n${out}\n"
                      "stderr:\n${err}")
endif()
string(REGEX MATCHALL "\n" newlines "${err}")
list(LENGTH newlines lines)
if(DEFINED EXPECT_LINES AND NOT lines EQUAL EXPECT_LINES)
  message(FATAL_ERROR "stderr has ${lines} lines, expected ${EXPECT_LINES}:\n"
                      "${err}")
endif()
message(STATUS "exit ${rc}; stderr: ${err}")
