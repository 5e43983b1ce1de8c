package main

// A reader for the gomapfuzz op-trace format, version 1 (corpus/README.md;
// the C++ reader is harness/src/trace.cc, and this one accepts the same
// language). Only `hasher gofallback` traces can run here: the other hashers
// exist only in mapcore. No maps are used while parsing (see main).

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"gomapfuzz/goruntime"
)

type keyType = goruntime.KeyKind

const (
	keyUint64  = goruntime.KeyUint64
	keyString  = goruntime.KeyString
	keyFloat64 = goruntime.KeyFloat64
)

func keyTypeName(k keyType) string {
	return [...]string{"uint64", "string", "float64"}[k]
}

func valueTypeName(n int) string {
	if n == 0 {
		return "uint64"
	}
	return "bytes" + strconv.Itoa(n)
}

// The value sizes a trace may use (bytesN); 0 is uint64.
var valueByteSizes = []int{8, 16, 32, 64, 128, 129, 200, 256, 1024}

type opKind int

const (
	opMake opKind = iota
	opPut
	opGet
	opDel
	opClear
	opIter
	opItOpen
	opItNext
	opItClose
)

const maxIterators = 16

// A key of any trace key type; which field counts is the trace's key type.
type key = goruntime.Key

type op struct {
	kind     opKind
	k        key
	value    uint64
	hint     int64
	iter     int
	steps    uint64
	hasStart bool
	startB   uint64
	startOff uint8
	line     int
}

type trace struct {
	keyType    keyType
	valueBytes int
	hashKey    uint64
	seed       uint64
	ops        []op
}

// The trace limit on make hints (harness/include/.../trace.h kMaxTraceHint).
const maxTraceHint = int64(1) << 24

// Go's maxAlloc on linux/amd64 (1 << 48): makemap ignores larger hints.
const maxAlloc = uint64(1) << 48

type token struct {
	text   string
	quoted bool
}

type lineParser struct {
	name string
	line int
}

func (lp lineParser) errorf(msg string) error {
	return errors.New(lp.name + ":" + strconv.Itoa(lp.line) + ": " + msg)
}

func hexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// unquote reads a string literal starting at s[i] == '"'.
func (lp lineParser) unquote(s string, i *int) (string, error) {
	var out []byte
	for *i++; *i < len(s); *i++ {
		c := s[*i]
		if c == '"' {
			*i++
			if *i < len(s) && !strings.ContainsRune(" \t\r#", rune(s[*i])) {
				return "", lp.errorf("text right after a closing quote")
			}
			return string(out), nil
		}
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if *i++; *i == len(s) {
			break
		}
		switch s[*i] {
		case '\\', '"':
			out = append(out, s[*i])
		case 'n':
			out = append(out, '\n')
		case 't':
			out = append(out, '\t')
		case 'x':
			hi, lo := -1, -1
			if *i+2 < len(s) {
				hi, lo = hexDigit(s[*i+1]), hexDigit(s[*i+2])
			}
			if hi < 0 || lo < 0 {
				return "", lp.errorf("bad \\x escape: expected two hex digits")
			}
			out = append(out, byte(hi*16+lo))
			*i += 2
		default:
			return "", lp.errorf("unknown escape \\" + string(s[*i]))
		}
	}
	return "", lp.errorf("unterminated string literal")
}

func (lp lineParser) tokenize(s string) ([]token, error) {
	var out []token
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#':
			return out, nil
		case c == '"':
			t, err := lp.unquote(s, &i)
			if err != nil {
				return nil, err
			}
			out = append(out, token{t, true})
		default:
			end := strings.IndexAny(s[i:], " \t\r#")
			if end < 0 {
				end = len(s) - i
			}
			out = append(out, token{s[i : i+end], false})
			i += end
		}
	}
	return out, nil
}

func (lp lineParser) parseU64(t token, what string) (uint64, error) {
	s, base := t.text, 10
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s, base = s[2:], 16
	}
	v, err := strconv.ParseUint(s, base, 64)
	if t.quoted || err != nil || strings.ContainsAny(s, "+_") {
		return 0, lp.errorf("bad " + what + " '" + t.text +
			"': expected an unsigned 64-bit integer")
	}
	return v, nil
}

func (lp lineParser) parseI64(t token, what string) (int64, error) {
	v, err := strconv.ParseInt(t.text, 10, 64)
	if t.quoted || err != nil || strings.ContainsAny(t.text, "+_") {
		return 0, lp.errorf("bad " + what + " '" + t.text +
			"': expected a signed 64-bit integer")
	}
	return v, nil
}

func (lp lineParser) parseF64(t token) (float64, error) {
	s := t.text
	if t.quoted {
		return 0, lp.errorf("bad float64 key: quoted")
	}
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "+Inf":
		return math.Inf(1), nil
	case "-Inf":
		return math.Inf(-1), nil
	case "+0":
		return 0, nil
	case "-0":
		return math.Copysign(0, -1), nil
	}
	if strings.HasPrefix(s, "bits:") {
		b, err := lp.parseU64(token{"0x" + s[5:], false}, "float bits")
		return math.Float64frombits(b), err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || strings.ContainsAny(s, "xXpPnN_") {
		return 0, lp.errorf("bad float64 key '" + s +
			"': expected a decimal, +0, -0, NaN, +Inf, -Inf or bits:HEX")
	}
	return v, nil
}

func (lp lineParser) parseKey(t token, kt keyType) (key, error) {
	switch kt {
	case keyUint64:
		u, err := lp.parseU64(t, "uint64 key")
		return key{U: u}, err
	case keyString:
		if !t.quoted {
			return key{}, lp.errorf("bad string key '" + t.text + "': expected \"...\"")
		}
		return key{S: t.text}, nil
	default:
		f, err := lp.parseF64(t)
		return key{F: f}, err
	}
}

func (lp lineParser) operands(t []token, lo, hi int) error {
	if n := len(t) - 1; n < lo || n > hi {
		return lp.errorf(t[0].text + ": expected " + strconv.Itoa(lo) + ".." +
			strconv.Itoa(hi) + " operands, got " + strconv.Itoa(n))
	}
	return nil
}

func (lp lineParser) parseStart(o *op, b, off token) error {
	offset, err := lp.parseU64(off, "iteration offset")
	if err != nil {
		return err
	}
	if offset >= 8 {
		return lp.errorf("iteration offset must be 0..7")
	}
	bucket, err := lp.parseU64(b, "start bucket")
	o.hasStart, o.startB, o.startOff = true, bucket, uint8(offset)
	return err
}

func (lp lineParser) parseIterNumber(t token) (int, error) {
	v, err := lp.parseU64(t, "iterator number")
	if err == nil && v >= maxIterators {
		err = lp.errorf("iterator number " + t.text + " out of range 0..15")
	}
	return int(v), err
}

// goIgnoresHint: makemap drops a hint whose buckets overflow or exceed
// maxAlloc, so such hints are allowed whatever their size.
func goIgnoresHint(hint int64, tr *trace) bool {
	hi, lo := mul64(uint64(hint), goruntime.BucketSizeOf(tr.keyType, tr.valueBytes))
	return hi != 0 || lo > maxAlloc
}

func mul64(a, b uint64) (hi, lo uint64) {
	const mask32 = 1<<32 - 1
	a0, a1 := a&mask32, a>>32
	b0, b1 := b&mask32, b>>32
	w0 := a0 * b0
	t := a1*b0 + w0>>32
	w1, w2 := t&mask32, t>>32
	w1 += a0 * b1
	return a1*b1 + w2 + w1>>32, a * b
}

func (lp lineParser) parseOp(t []token, tr *trace) (op, error) {
	o := op{steps: 1, line: lp.line}
	var err error
	switch w := t[0].text; w {
	case "make":
		if err = lp.operands(t, 1, 1); err != nil {
			return o, err
		}
		o.kind = opMake
		if o.hint, err = lp.parseI64(t[1], "hint"); err != nil {
			return o, err
		}
		if o.hint > maxTraceHint && !goIgnoresHint(o.hint, tr) {
			err = lp.errorf("hint " + t[1].text + " above the trace limit")
		}
	case "put":
		if err = lp.operands(t, 2, 2); err != nil {
			return o, err
		}
		o.kind = opPut
		if o.k, err = lp.parseKey(t[1], tr.keyType); err != nil {
			return o, err
		}
		o.value, err = lp.parseU64(t[2], "value")
	case "get", "del":
		if err = lp.operands(t, 1, 1); err != nil {
			return o, err
		}
		o.kind = opGet
		if w == "del" {
			o.kind = opDel
		}
		o.k, err = lp.parseKey(t[1], tr.keyType)
	case "clear":
		o.kind = opClear
		err = lp.operands(t, 0, 0)
	case "iter":
		o.kind = opIter
		switch len(t) {
		case 1:
		case 3:
			err = lp.parseStart(&o, t[1], t[2])
		default:
			err = lp.errorf("iter: expected 0 or 2 operands")
		}
	case "it-open":
		o.kind = opItOpen
		if len(t) != 2 && len(t) != 4 {
			return o, lp.errorf("it-open: expected 1 or 3 operands")
		}
		if o.iter, err = lp.parseIterNumber(t[1]); err != nil {
			return o, err
		}
		if len(t) == 4 {
			err = lp.parseStart(&o, t[2], t[3])
		}
	case "it-next":
		if err = lp.operands(t, 1, 2); err != nil {
			return o, err
		}
		o.kind = opItNext
		if o.iter, err = lp.parseIterNumber(t[1]); err != nil {
			return o, err
		}
		if len(t) == 3 {
			o.steps, err = lp.parseU64(t[2], "step count")
		}
	case "it-close":
		if err = lp.operands(t, 1, 1); err != nil {
			return o, err
		}
		o.kind = opItClose
		o.iter, err = lp.parseIterNumber(t[1])
	default:
		err = lp.errorf("unknown op '" + w + "'")
	}
	return o, err
}

// parseHeader handles a header line; false if t is not one.
func (lp lineParser) parseHeader(t []token, tr *trace) (bool, error) {
	switch t[0].text {
	case "types":
		if err := lp.operands(t, 2, 2); err != nil {
			return true, err
		}
		switch t[1].text {
		case "uint64":
			tr.keyType = keyUint64
		case "string":
			tr.keyType = keyString
		case "float64":
			tr.keyType = keyFloat64
		default:
			return true, lp.errorf("unknown key type '" + t[1].text + "'")
		}
		tr.valueBytes = -1
		if t[2].text == "uint64" {
			tr.valueBytes = 0
		}
		for _, n := range valueByteSizes {
			if t[2].text == "bytes"+strconv.Itoa(n) {
				tr.valueBytes = n
			}
		}
		if tr.valueBytes < 0 {
			return true, lp.errorf("unknown value type '" + t[2].text + "'")
		}
	case "hasher":
		if err := lp.operands(t, 1, 2); err != nil {
			return true, err
		}
		if t[1].text != "gofallback" {
			return true, lp.errorf("hasher " + t[1].text + ": only gofallback " +
				"traces can run on the real Go map (the other hashers exist " +
				"only in mapcore)")
		}
		if len(t) == 3 {
			var err error
			tr.hashKey, err = lp.parseU64(t[2], "hasher parameter")
			return true, err
		}
	case "seed":
		if err := lp.operands(t, 1, 1); err != nil {
			return true, err
		}
		var err error
		tr.seed, err = lp.parseU64(t[1], "seed")
		return true, err
	default:
		return false, nil
	}
	return true, nil
}

// mapcore's default hashkey[0] (mapcore/hash/hashers.h kDefaultHashKey),
// which a `hasher gofallback` line without a parameter, or no hasher line,
// means.
const defaultHashKey = 0x2d358dccaa6c78a5

func parseTrace(text, name string) (*trace, error) {
	if strings.IndexByte(text, 0) >= 0 {
		return nil, errors.New(name + ":0: binary data (NUL byte): not a text trace")
	}
	tr := &trace{hashKey: defaultHashKey}
	seenMagic, seenOp := false, false
	for n, line := range strings.Split(text, "\n") {
		lp := lineParser{name, n + 1}
		t, err := lp.tokenize(line)
		if err != nil {
			return nil, err
		}
		if len(t) == 0 {
			continue
		}
		if t[0].quoted {
			return nil, lp.errorf("a line cannot start with a string")
		}
		if !seenMagic {
			if t[0].text != "gomapfuzz-trace" || len(t) != 2 || t[1].text != "1" {
				return nil, lp.errorf("not a gomapfuzz trace version 1")
			}
			seenMagic = true
			continue
		}
		isHeader, err := lp.parseHeader(t, tr)
		if err != nil {
			return nil, err
		}
		if isHeader {
			if seenOp {
				return nil, lp.errorf(t[0].text + ": header line after the first op")
			}
			continue
		}
		o, err := lp.parseOp(t, tr)
		if err != nil {
			return nil, err
		}
		seenOp = true
		tr.ops = append(tr.ops, o)
	}
	if !seenMagic {
		return nil, errors.New(name + ": empty file: not a gomapfuzz trace")
	}
	return tr, nil
}
