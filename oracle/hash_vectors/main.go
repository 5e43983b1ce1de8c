// Command hashvectors prints golden vectors for mapcore's C++ ports of Go
// 1.19's map hashes, recorded from the real runtime, one hash per run:
//
//	-hash fallback  hash64.go's portable hash (memhashFallback and friends,
//	                what Go runs under GODEBUG=cpu.aes=off) and f64hash:
//	                mapcore/hash/go_fallback_hash.h, mapcore/key_policy.h;
//	                written to mapcore/tests/data/gohash_vectors.txt
//	-hash aes       the amd64 AES hash (asm_amd64.s's aeshashbody):
//	                mapcore/hash/aes_hash.h; aeshash_vectors.txt
//
// The program pins the per-process secret the hash reads (hashkey[0], or the
// AES key schedule, through goruntime) to each value of its table and calls
// runtime.memhash, strhash, memhash64, memhash32 and f64hash directly.
// Changing that secret under a running program breaks every Go map that
// already holds entries, so from the first change on this program uses no
// map, directly or through a library (no fmt, flag or os.Getenv): flags and
// the -check file are read before it.
//
// Output, one vector per line ('#' lines are comments), numbers in hex; the
// first two fields are the secret (hashkey[0], or the seed of the AES
// schedule) and the per-map seed:
//
//	mem <secret> <seed> <bytes, or - if empty> <memhash>
//	m64 <secret> <seed> <key, 16 digits> <memhash64>
//	m32 <secret> <seed> <key, 8 digits> <memhash32>
//	f64 <secret> <seed> <float64 bits, 16 digits> <f64hash>   (fallback only)
//
// strhash is checked to equal memhash for every mem vector, so it needs no
// lines of its own. -check FILE compares the vectors with FILE's instead of
// printing them (exit 1 at the first difference; 77 when this CPU has no
// AES for -hash aes): ctest oracle/hash-vectors-* keeps the committed files
// what Go says. regenerate.sh rewrites them.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"runtime"
	"strconv"

	"gomapfuzz/goruntime"
)

// A hash to record: its self-checks (they may draw from the data stream,
// which is part of what the vectors are), then its vectors.
type recorder struct {
	header string
	// memhash64/memhash32 are memhash of the key's bytes (hash64.go);
	// the AES hash computes them another way.
	wideKeysAreMemhash bool
	data               uint64 // the seed of the input-bytes stream
	selfCheck          func(o *output)
	record             func(o *output)
}

const skipped = 77 // ctest's SKIP_RETURN_CODE

func fail(msg string) {
	os.Stderr.WriteString("hashvectors: " + msg + "\n")
	os.Exit(1)
}

func main() {
	hash := flag.String("hash", "", "fallback or aes")
	check := flag.String("check", "", "compare with this vector file instead of printing")
	flag.Parse()
	var want []byte
	if *check != "" {
		var err error
		if want, err = os.ReadFile(*check); err != nil {
			fail(err.Error())
		}
	}
	if runtime.GOARCH != "amd64" {
		fail("needs GOARCH=amd64, got " + runtime.GOARCH)
	}
	var r recorder
	switch *hash {
	case "fallback":
		goruntime.EnsureFallbackHash("GOMAPFUZZ_HASHVECTORS_REEXEC", fail)
		r = fallback()
	case "aes":
		if !goruntime.UsesAESHash() {
			msg := "the runtime does not use the AES hash (no AES-NI, or " +
				"GODEBUG=cpu.aes=off): nothing to record"
			if *check == "" {
				fail(msg)
			}
			os.Stderr.WriteString("hashvectors: skipped: " + msg + "\n")
			os.Exit(skipped)
		}
		r = aes()
	default:
		fail("-hash must be fallback or aes")
	}

	var got bytes.Buffer
	o := &output{w: bufio.NewWriter(&got), data: splitMix64{r.data},
		wideKeysAreMemhash: r.wideKeysAreMemhash}
	r.selfCheck(o)
	o.w.WriteString("# Go " + runtime.Version() + " amd64 " + r.header)
	r.record(o)
	if err := o.w.Flush(); err != nil {
		fail("writing output: " + err.Error())
	}
	if *check == "" {
		os.Stdout.Write(got.Bytes())
		return
	}
	if line, ok := sameVectors(got.Bytes(), want); !ok {
		fail(*check + ": vector line " + strconv.Itoa(line) + " is not what Go " +
			runtime.Version() + " computes (rerun regenerate.sh?)")
	}
	os.Stdout.WriteString("hashvectors: " + *check + " holds Go's " + *hash + " hash\n")
}
