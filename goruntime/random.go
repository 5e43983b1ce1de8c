package goruntime

// The hash0 and iteration streams of mapcore's RandomSource
// (mapcore/include/mapcore/random_source.h), ported so that the real map
// gets the values mapcore draws: the Go oracle pins each map's hash0 with
// them, and the Go subject (subject/) pins hash0 and every range's start.
// Map number k of a trace (the implicit first make is k = 0) draws from
// RandomSource(seed + k); the executor hands that seed to a subject as
// config->seed.
//
// mapcore's third stream (NaN hashes, noverflow's increments at B >= 16) has
// no port: Go draws those from its own fastrand, which no program can pin,
// and the oracle's taint rules skip what they decide (oracle/README.md).

// splitMix64 is mapcore's SplitMix64 (Steele, Lea, Flood 2014).
type splitMix64 struct{ state uint64 }

const golden = 0x9e3779b97f4a7c15 // 2^64 / phi

func finalize(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (s *splitMix64) next() uint64 {
	s.state += golden
	return finalize(s.state)
}

// RandomSource::kHash0Stream and kIterationStream: stream k of a source
// starts at finalize(seed + k).
const (
	hash0Stream     = 1
	iterationStream = 2
)

// RandomSource draws what mapcore's RandomSource of the same seed draws.
type RandomSource struct{ hash0, iteration splitMix64 }

// NewRandomSource is RandomSource(seed).
func NewRandomSource(seed uint64) RandomSource {
	return RandomSource{
		hash0:     splitMix64{finalize(seed + hash0Stream)},
		iteration: splitMix64{finalize(seed + iterationStream)},
	}
}

// NextHash0 is RandomSource::next_hash0: Go's hash0 is a uint32, the low
// half of the stream's output.
func (s *RandomSource) NextHash0() uint32 { return uint32(s.hash0.next()) }

// NextIterationStart draws the start of a range over a map of 2^b buckets
// as mapcore's iter_init does: r from the iteration stream (cut to 32 bits
// where mapiterinit's fastrand gives only 32), startBucket = r & (2^b - 1),
// offset = (r >> b) & 7.
func (s *RandomSource) NextIterationStart(b uint8) (bucket uint64, offset uint8) {
	r := s.iteration.next()
	if b <= 31-bucketCntBits {
		r = uint64(uint32(r))
	}
	return r & (uint64(1)<<b - 1), uint8(r>>b) & (bucketCnt - 1)
}
