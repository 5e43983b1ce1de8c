# Findxxhash: xxHash as the imported target xxhash::xxhash. Used by the
# build and, installed beside gomapfuzzConfig.cmake, by find_package(gomapfuzz)
# in a user's project: the exported targets then name xxhash::xxhash, not a
# path on the machine that built them (Debian's libxxhash-dev has no CMake
# package of its own, only pkg-config).
#
#   XXHASH_INCLUDE_DIR            the folder of xxhash.h
#   XXHASH_LIBRARY                libxxhash (not with the next option)
#   GOMAPFUZZ_XXHASH_HEADER_ONLY  ON: no library; every user compiles xxHash
#                                 in with XXH_INLINE_ALL (from its sources,
#                                 as OSS-Fuzz builds do: $SRC/xxHash)
if(TARGET xxhash::xxhash)
  set(xxhash_FOUND TRUE)
  return()
endif()
find_path(XXHASH_INCLUDE_DIR xxhash.h)
set(required XXHASH_INCLUDE_DIR)
if(NOT GOMAPFUZZ_XXHASH_HEADER_ONLY)
  find_library(XXHASH_LIBRARY xxhash)
  list(APPEND required XXHASH_LIBRARY)
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(xxhash REQUIRED_VARS ${required})
if(xxhash_FOUND)
  if(GOMAPFUZZ_XXHASH_HEADER_ONLY)
    add_library(xxhash::xxhash INTERFACE IMPORTED)
    set_target_properties(xxhash::xxhash PROPERTIES
      INTERFACE_COMPILE_DEFINITIONS XXH_INLINE_ALL)
  else()
    add_library(xxhash::xxhash UNKNOWN IMPORTED)
    set_target_properties(xxhash::xxhash PROPERTIES
      IMPORTED_LOCATION "${XXHASH_LIBRARY}")
  endif()
  set_target_properties(xxhash::xxhash PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XXHASH_INCLUDE_DIR}")
endif()
