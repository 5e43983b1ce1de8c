# Go 1.19 programs of the repository (oracle/gomap, memreport/go): built
# offline and reproducibly with Debian's golang-1.19-go, standard library
# only. Without Go 1.19 the rest of the project still builds; the tests
# that need a program report why they skip (exit 77), and fail under
# CI=true.

set(GOMAPFUZZ_GO "/usr/lib/go-1.19/bin/go" CACHE FILEPATH
    "The Go 1.19 toolchain (golang-1.19-go)")

# gomapfuzz_add_go_program(<target> <source dir> <binary name> <comment>
#                          <bin var> <missing var>)
# Adds <target> (built by ALL) that builds the Go module in <source dir>
# into ${CMAKE_CURRENT_BINARY_DIR}/<binary name>. Sets <bin var> to the
# binary's path, or to "" and <missing var> to the reason when there is no
# Go 1.19: the programs read Go 1.19's map layout through unsafe, and
# another release lays its map out differently (Go 1.24 replaced it).
function(gomapfuzz_add_go_program target dir name comment bin_var missing_var)
  set(bin "")
  set(missing "")
  if(EXISTS "${GOMAPFUZZ_GO}")
    execute_process(COMMAND "${GOMAPFUZZ_GO}" version
                    OUTPUT_VARIABLE go_version ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(go_version MATCHES "go1\\.19(\\.[0-9]+)? ")
      set(bin "${CMAKE_CURRENT_BINARY_DIR}/${name}")
    else()
      set(missing "${GOMAPFUZZ_GO} is '${go_version}', not Go 1.19")
    endif()
  else()
    set(missing "Go 1.19 not found at ${GOMAPFUZZ_GO} (apt-get install golang-1.19-go, or -DGOMAPFUZZ_GO=...)")
  endif()
  if(bin)
    # Every program also builds the runtime mirror they share (goruntime/,
    # a local module each go.mod replaces).
    file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.go ${dir}/go.mod
         ${PROJECT_SOURCE_DIR}/goruntime/*.go
         ${PROJECT_SOURCE_DIR}/goruntime/go.mod)
    # Offline and reproducible: caches inside the build tree, no module
    # proxy or checksum database, no cgo, and no GOFLAGS/GOROOT from the
    # caller's environment.
    add_custom_command(
      OUTPUT ${bin}
      COMMAND ${CMAKE_COMMAND} -E env --unset=GOROOT
              GOCACHE=${CMAKE_CURRENT_BINARY_DIR}/gocache
              GOPATH=${CMAKE_CURRENT_BINARY_DIR}/gopath
              GOPROXY=off GOSUMDB=off GOFLAGS= GOTOOLCHAIN=local CGO_ENABLED=0
              GO111MODULE=on GOENV=off
              ${GOMAPFUZZ_GO} build -trimpath -o ${bin} .
      WORKING_DIRECTORY ${dir}
      DEPENDS ${sources}
      COMMENT "${comment}"
      VERBATIM)
    add_custom_target(${target} ALL DEPENDS ${bin})
  endif()
  set(${bin_var} "${bin}" PARENT_SCOPE)
  set(${missing_var} "${missing}" PARENT_SCOPE)
endfunction()
