# Go 1.19 programs of the repository (oracle/gomap, memreport/go) and the
# Go subject library (goruntime/subject): built offline and reproducibly
# with Debian's golang-1.19-go, standard library only. Without Go 1.19 the
# rest of the project still builds; the tests that need a program report
# why they skip (exit 77), and fail under CI=true.

set(GOMAPFUZZ_GO "/usr/lib/go-1.19/bin/go" CACHE FILEPATH
    "The Go 1.19 toolchain (golang-1.19-go)")

# Why Go 1.19 cannot build here ("" when it can): the programs read Go
# 1.19's map layout through unsafe, and another release lays its map out
# differently (Go 1.24 replaced it).
function(_gomapfuzz_go_missing out_var)
  set(missing "")
  if(EXISTS "${GOMAPFUZZ_GO}")
    execute_process(COMMAND "${GOMAPFUZZ_GO}" version
                    OUTPUT_VARIABLE go_version ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT go_version MATCHES "go1\\.19(\\.[0-9]+)? ")
      set(missing "${GOMAPFUZZ_GO} is '${go_version}', not Go 1.19")
    endif()
  else()
    set(missing "Go 1.19 not found at ${GOMAPFUZZ_GO} (apt-get install golang-1.19-go, or -DGOMAPFUZZ_GO=...)")
  endif()
  set(${out_var} "${missing}" PARENT_SCOPE)
endfunction()

# Adds <target> (built by ALL) that runs `go build <args...> -o <output> .`
# in <dir>, with cgo on or off (<cgo>: 1 or 0).
function(_gomapfuzz_go_build target dir output comment cgo)
  # Every program also builds the runtime mirror they share (goruntime/,
  # a local module each go.mod replaces); a cgo package's C files and the
  # headers it includes are sources too.
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.go ${dir}/*.c ${dir}/go.mod
       ${PROJECT_SOURCE_DIR}/goruntime/*.go
       ${PROJECT_SOURCE_DIR}/goruntime/go.mod)
  if(cgo)
    list(APPEND sources
         ${PROJECT_SOURCE_DIR}/harness/include/gomapfuzz/subject_abi.h)
  endif()
  # Offline and reproducible: caches inside the build tree, no module
  # proxy or checksum database, and no GOFLAGS/GOROOT from the caller's
  # environment. cgo (a c-shared library) compiles its C with the system's
  # cc.
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E env --unset=GOROOT
            GOCACHE=${CMAKE_CURRENT_BINARY_DIR}/gocache
            GOPATH=${CMAKE_CURRENT_BINARY_DIR}/gopath
            GOPROXY=off GOSUMDB=off GOFLAGS= GOTOOLCHAIN=local CGO_ENABLED=${cgo}
            GO111MODULE=on GOENV=off
            ${GOMAPFUZZ_GO} build -trimpath ${ARGN} -o ${output} .
    WORKING_DIRECTORY ${dir}
    DEPENDS ${sources}
    COMMENT "${comment}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${output})
endfunction()

# gomapfuzz_add_go_program(<target> <source dir> <binary name> <comment>
#                          <bin var> <missing var>)
# Adds <target> (built by ALL) that builds the Go module in <source dir>
# into ${CMAKE_CURRENT_BINARY_DIR}/<binary name>, without cgo. Sets <bin var>
# to the binary's path, or to "" and <missing var> to the reason when there
# is no Go 1.19.
function(gomapfuzz_add_go_program target dir name comment bin_var missing_var)
  _gomapfuzz_go_missing(missing)
  set(bin "")
  if(NOT missing)
    set(bin "${CMAKE_CURRENT_BINARY_DIR}/${name}")
    _gomapfuzz_go_build(${target} ${dir} ${bin} "${comment}" 0)
  endif()
  set(${bin_var} "${bin}" PARENT_SCOPE)
  set(${missing_var} "${missing}" PARENT_SCOPE)
endfunction()

# gomapfuzz_add_go_shared_library(<target> <source dir> <library name>
#                                 <comment> <lib var> <missing var>)
# The same for a cgo package main built with -buildmode=c-shared (a subject
# library): ${CMAKE_CURRENT_BINARY_DIR}/<library name>, and the header Go
# writes beside it.
function(gomapfuzz_add_go_shared_library target dir name comment lib_var
         missing_var)
  _gomapfuzz_go_missing(missing)
  set(lib "")
  if(NOT missing)
    set(lib "${CMAKE_CURRENT_BINARY_DIR}/${name}")
    _gomapfuzz_go_build(${target} ${dir} ${lib} "${comment}" 1
                        -buildmode=c-shared)
  endif()
  set(${lib_var} "${lib}" PARENT_SCOPE)
  set(${missing_var} "${missing}" PARENT_SCOPE)
endfunction()
