package main

// The hash0 stream of mapcore's RandomSource
// (mapcore/include/mapcore/random_source.h), ported so that the real map gets
// the hash0 values mapcore draws: map number k of a trace (the implicit first
// make is k = 0) draws from the stream of RandomSource(seed + k).

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

// RandomSource::kHash0Stream: stream k of a source starts at
// finalize(seed + k).
const hash0Stream = 1

// hash0Source draws what RandomSource::next_hash0 draws: Go's hash0 is a
// uint32, the low half of the stream's output.
type hash0Source struct{ rng splitMix64 }

func newHash0Source(mapSeed uint64) hash0Source {
	return hash0Source{splitMix64{finalize(mapSeed + hash0Stream)}}
}

func (s *hash0Source) next() uint32 { return uint32(s.rng.next()) }
