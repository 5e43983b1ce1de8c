package gomapbench

// cpuTimer measures a benchmark in CPU time of the whole process, as
// Google Benchmark measures the C++ side in CPU time: on a shared machine
// wall-clock time counts the time other processes hold the CPU. The whole
// process, so that the garbage collector's work counts, on any thread.

import (
	"syscall"
	"testing"
	"unsafe"
)

// CLOCK_PROCESS_CPUTIME_ID (linux/time.h).
const clockProcessCPUTime = 2

func processCPUNanos() int64 {
	var ts syscall.Timespec
	_, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME,
		clockProcessCPUTime, uintptr(unsafe.Pointer(&ts)), 0)
	if errno != 0 {
		panic("clock_gettime(CLOCK_PROCESS_CPUTIME_ID): " + errno.Error())
	}
	return ts.Nano()
}

type cpuTimer struct {
	b     *testing.B
	start int64
	total int64
}

// startCPU resets the benchmark's timers; the CPU clock runs from here.
func startCPU(b *testing.B) *cpuTimer {
	b.ResetTimer()
	return &cpuTimer{b: b, start: processCPUNanos()}
}

func (t *cpuTimer) Stop() {
	t.total += processCPUNanos() - t.start
	t.b.StopTimer()
}

func (t *cpuTimer) Start() {
	t.b.StartTimer()
	t.start = processCPUNanos()
}

// Done reports CPU nanoseconds per map operation (b.N iterations of n
// operations) as the metric cpu-ns/key, which run.sh reads.
func (t *cpuTimer) Done(n int) {
	t.Stop()
	t.b.ReportMetric(float64(t.total)/float64(t.b.N)/float64(n), "cpu-ns/key")
}
