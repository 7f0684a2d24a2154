// Package speed holds the memory and time tricks that measurements showed pay on large trees
// (docs/performance.md), behind one seam, so that the domain and command code stay plain.
package speed

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// MinHeapGoal is the least heap the collector lets grow before collecting while cases load. The
// YAML parser makes about half a megabyte of garbage per case while little stays live, and with
// the collector's usual goal of twice the live heap it runs every few megabytes: on a tree of a
// thousand cases, hundreds of collections took an eighth of the CPU (docs/performance.md).
const MinHeapGoal = 64 << 20

// GCFloor keeps the collector's goal at no less than MinHeapGoal while its users run. GOGC is
// one setting for the whole process, so one GCFloor serves every loader in it (tests run
// commands side by side): the first to start raises it, the last to stop puts it back. The zero
// value is ready to use.
type GCFloor struct {
	mu    sync.Mutex
	users int
	base  int // GOGC when the first user came
	gen   int // counts the times it was started, so that an old chain of sentinels stops
}

// gcSentinel is finalized at each collection, to retune the next.
type gcSentinel struct {
	_ *byte // holds a pointer: never in the tiny allocator, whose finalizers may not run
	_ [8]byte
}

// Start holds the floor until the function it returns is called: after each collection GOGC is
// set so that the next goal is the larger of MinHeapGoal and what GOGC itself would give. A large
// live heap collects as usual. GOGC=off is left alone. A nil GCFloor does nothing.
func (g *GCFloor) Start() (stop func()) {
	if g == nil {
		return func() {}
	}
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/heap/live:bytes"}}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.users == 0 {
		metrics.Read(s[:1])
		g.base = int(int32(s[0].Value.Uint64())) // GOGC=off reads as -1
		if g.base <= 0 {
			return func() {}
		}
	}
	if g.users++; g.users == 1 {
		g.gen++
	}
	gen := g.gen
	var tune func() // with g.mu held
	tune = func() {
		metrics.Read(s[1:])
		live := max(s[1].Value.Uint64(), 4<<20) // before the first collection, the runtime's 4 MiB minimum
		pct := g.base
		if live < MinHeapGoal {
			pct = max(pct, int(min(MinHeapGoal*100/live-100, 100_000)))
		}
		debug.SetGCPercent(pct)
		runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
			g.mu.Lock()
			defer g.mu.Unlock()
			if g.users > 0 && g.gen == gen {
				tune()
			}
		})
	}
	if g.users == 1 {
		tune()
	}
	return func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.users--; g.users == 0 {
			debug.SetGCPercent(g.base)
		}
	}
}

// MemoryLimit is the soft limit cpcase puts on the Go runtime's memory (LimitMemory): the
// collector works harder as the heap nears it, rather than let its goal (twice the live heap, or
// MinHeapGoal) carry the peak past what an output is allowed. Every output is held to 200 MiB at
// 50,000 cases (docs/performance.md); what the runtime does not count (the program's own code,
// mapped from its file) is some 15 MiB more.
const MemoryLimit = 176 << 20

// GCPercent is the collector's goal cpcase sets (LimitMemory): a heap four times what is live
// before it collects, rather than twice. With MemoryLimit in place the goal no longer bounds the
// peak, the limit does; twice the live heap only collected more often. A warm run of 50,000
// cases spent a quarter of a second of CPU less (docs/performance.md), its peak unchanged.
const GCPercent = 300

// LimitMemory sets MemoryLimit for the process, unless GOMEMLIMIT sets a limit of its own, and
// GCPercent, unless GOGC sets one. It is a soft limit: a run whose live data needs more still
// runs, collecting more often.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(MemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
}
