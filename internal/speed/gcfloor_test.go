package speed

import (
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(int32(s[0].Value.Uint64()))
}

// While cases load, a small heap is let grow to MinHeapGoal before it is collected; GOGC comes
// back as it was when the last loader is done, and GOGC=off is left alone.
func TestGCFloor(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	// A test's heap is far below MinHeapGoal: GOGC is raised so the goal reaches it.
	var g GCFloor
	stop1 := g.Start()
	raised := gogc()
	if raised <= 100 {
		t.Fatalf("GOGC %d while loading a small heap, want above 100", raised)
	}
	stop2 := g.Start() // a second loader at once (tests run commands side by side)
	stop1()
	if got := gogc(); got <= 100 {
		t.Errorf("GOGC %d with one loader still running, want it still raised", got)
	}
	stop2()
	if got := gogc(); got != 100 {
		t.Errorf("GOGC %d after the loaders, want 100 back", got)
	}

	debug.SetGCPercent(-1)
	stop := g.Start()
	if got := gogc(); got != -1 {
		t.Errorf("GOGC=off became %d", got)
	}
	stop()
	if got := gogc(); got != -1 {
		t.Errorf("GOGC=off became %d after the loader", got)
	}
}

// LimitMemory sets cpcase's limit and collector goal, unless GOMEMLIMIT or GOGC give their own
// (which the runtime has read).
func TestLimitMemory(t *testing.T) {
	before, pct := debug.SetMemoryLimit(-1), debug.SetGCPercent(100)
	defer func() { debug.SetMemoryLimit(before); debug.SetGCPercent(pct) }()
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	LimitMemory()
	if got := debug.SetMemoryLimit(-1); got != MemoryLimit {
		t.Errorf("limit %d, want %d", got, MemoryLimit)
	}
	if got := debug.SetGCPercent(100); got != GCPercent {
		t.Errorf("GOGC %d, want %d", got, GCPercent)
	}
	debug.SetMemoryLimit(before)
	t.Setenv("GOMEMLIMIT", "1GiB")
	t.Setenv("GOGC", "50")
	LimitMemory()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("with GOMEMLIMIT set: limit %d, want it left at %d", got, before)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set: GOGC %d, want it left at 100", got)
	}
}
