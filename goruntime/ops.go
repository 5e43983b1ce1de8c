package goruntime

// Map operations written as any Go program writes them: the oracle runs a
// trace's ops through them, and the Go subject (subject/) runs gomapfuzz's
// calls through the same ones, so both reach exactly the runtime entry
// points an ordinary program would.

// Key is a key of any trace key type; which field counts is the map's
// KeyKind.
type Key struct {
	U uint64
	S string
	F float64
}

// MapOps are the operations of one map type, the map held as an interface
// (so it escapes: a non-escaping map could get a stack bucket, and
// buckets != nil before its first insert). Generated per type pair by
// gen_ops.go (ops_gen.go: `go run gen_ops.go` in this folder).
type MapOps struct {
	Make  func(hint int64) any              // make(map[K]V, hint)
	Put   func(m any, k Key, v uint64)      // m[k] = v (bytesN: v repeated)
	Get   func(m any, k Key) (uint64, bool) // v, ok := m[k] (bytesN: the first 8 bytes)
	Del   func(m any, k Key)                // delete(m, k)
	Clear func(m any)                       // the range-delete idiom (mapclear)
}
