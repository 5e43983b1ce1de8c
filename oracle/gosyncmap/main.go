// Command gosyncmaporacle runs ops on the real Go 1.19 sync.Map and prints,
// after each, its result and the map's internal state, in the text syncmap's
// dump_state() prints (syncmap/include/syncmap/introspect.h), so that the
// C++ driver (oracle/src/syncmap_oracle.cc) can compare syncmap::SyncMap with
// Go op by op.
//
// The driver parses the trace (the project's one parser) and writes one op a
// line into a file, keys already decoded (usage: gosyncmaporacle OPS):
//
//	store|load|load-or-store|load-and-delete|delete|range u|s KEY VALUE
//
// KEY is a decimal uint64 (u) or the string's bytes in hex (s, "-" for the
// empty string); VALUE is a decimal uint64 (0 when unused). For each op it
// prints two lines:
//
//	result <text>    ok | <value> | missing | <value> loaded|stored | [k:v ...]
//	state <line>     amended=.. misses=.. read=[..] dirty=[..]|nil shared=..
//
// No hash is pinned: sync.Map's behaviour does not depend on where keys
// land, and the state compares key sets, not layouts.
package main

import (
	"bufio"
	"encoding/hex"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gomapfuzz/goruntime"
)

var m sync.Map // a global, as any shared sync.Map escapes

func fail(msg string) {
	os.Stderr.WriteString("gosyncmaporacle: " + msg + "\n")
	os.Exit(2)
}

// quote is mapcore::quote_bytes: "..." with \\, \" and \xHH for bytes
// outside printable ASCII.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			b.WriteString("\\x")
			b.WriteString(hex.EncodeToString([]byte{c}))
		}
	}
	b.WriteByte('"')
	return b.String()
}

func less(a, b any) bool {
	switch x := a.(type) {
	case uint64:
		return x < b.(uint64)
	case string:
		return x < b.(string)
	}
	fail("unexpected key type")
	return false
}

func formatKey(k any) string {
	switch x := k.(type) {
	case uint64:
		return strconv.FormatUint(x, 10)
	case string:
		return quote(x)
	}
	fail("unexpected key type")
	return ""
}

func sortedKeys(mm map[any]*goruntime.SyncEntry) []any {
	keys := make([]any, 0, len(mm))
	for k := range mm {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
	return keys
}

func list(mm map[any]*goruntime.SyncEntry) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, k := range sortedKeys(mm) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(formatKey(k) + ":")
		v, ok, expunged := mm[k].Load()
		switch {
		case expunged:
			b.WriteString("expunged")
		case !ok:
			b.WriteString("nil")
		default:
			b.WriteString(strconv.FormatUint(v.(uint64), 10))
		}
	}
	b.WriteByte(']')
	return b.String()
}

func state() string {
	s := goruntime.InspectSyncMap(&m)
	amended := "0"
	if s.Amended {
		amended = "1"
	}
	out := "amended=" + amended + " misses=" + strconv.Itoa(s.Misses) +
		" read=" + list(s.Read)
	if s.Dirty == nil {
		out += " dirty=nil"
	} else {
		out += " dirty=" + list(s.Dirty)
	}
	shared := 0
	for k, e := range s.Dirty {
		if s.Read[k] == e {
			shared++
		}
	}
	return out + " shared=" + strconv.Itoa(shared)
}

func value(v any) string { return strconv.FormatUint(v.(uint64), 10) }

func main() {
	if !goruntime.SyncMapMirrorOK() {
		fail("sync.Map's layout is not Go 1.19's (mirror check failed)")
	}
	if len(os.Args) != 2 {
		fail("usage: gosyncmaporacle OPS-FILE")
	}
	file, err := os.Open(os.Args[1])
	if err != nil {
		fail(err.Error())
	}
	defer file.Close()
	in := bufio.NewScanner(file)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		f := strings.Fields(in.Text())
		if len(f) != 4 {
			fail("bad op line: " + in.Text())
		}
		var key any
		switch f[1] {
		case "u":
			k, err := strconv.ParseUint(f[2], 10, 64)
			if err != nil {
				fail("bad key: " + f[2])
			}
			key = k
		case "s":
			b := []byte{}
			if f[2] != "-" {
				var err error
				if b, err = hex.DecodeString(f[2]); err != nil {
					fail("bad key: " + f[2])
				}
			}
			key = string(b)
		default:
			fail("bad key type: " + f[1])
		}
		val, err := strconv.ParseUint(f[3], 10, 64)
		if err != nil {
			fail("bad value: " + f[3])
		}
		var result string
		switch f[0] {
		case "store":
			m.Store(key, val)
			result = "ok"
		case "load":
			if v, ok := m.Load(key); ok {
				result = value(v)
			} else {
				result = "missing"
			}
		case "load-or-store":
			v, loaded := m.LoadOrStore(key, val)
			if loaded {
				result = value(v) + " loaded"
			} else {
				result = value(v) + " stored"
			}
		case "load-and-delete":
			if v, ok := m.LoadAndDelete(key); ok {
				result = value(v)
			} else {
				result = "missing"
			}
		case "delete":
			m.Delete(key)
			result = "ok"
		case "range":
			seen := map[any]*goruntime.SyncEntry{}
			got := map[any]any{}
			m.Range(func(k, v any) bool {
				if _, dup := got[k]; dup {
					fail("Range visited a key twice")
				}
				got[k] = v
				seen[k] = nil
				return true
			})
			var b strings.Builder
			b.WriteByte('[')
			for i, k := range sortedKeys(seen) {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(formatKey(k) + ":" + value(got[k]))
			}
			b.WriteByte(']')
			result = b.String()
		default:
			fail("unknown op: " + f[0])
		}
		out.WriteString("result " + result + "\nstate " + state() + "\n")
		out.Flush()
	}
}
