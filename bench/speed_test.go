package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/speed"
)

// Each trick of package speed has a benchmark here, beside what it replaces, so that it stays
// only while it pays (docs/performance.md). They run on the sample (200 generated cases) and
// on listings of at most 100,000 obligations.

// sampleTree is the folder of the sample cases.
func sampleTree(b *testing.B) string {
	cases(b) // made if missing
	if tree := os.Getenv("CPCASE_BENCH_TREE"); tree != "" {
		return tree
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("cpcase-bench-sample-%d", sampleSize))
}

// BenchmarkGCFloor loads and evaluates the whole sample through the runner, with the collector's
// goal held at speed.MinHeapGoal while cases load and without: ns/op is the run, cpu-ms/op its
// CPU time on all cores, gc/op the collections it took.
func BenchmarkGCFloor(b *testing.B) {
	tree := sampleTree(b)
	for _, c := range []struct {
		name string
		gc   *speed.GCFloor
	}{{"none", nil}, {"floor", &speed.GCFloor{}}} {
		b.Run(c.name, func(b *testing.B) {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			gcs, cpu := ms.NumGC, cpuTime()
			b.ReportAllocs()
			for b.Loop() {
				_, err := app.Each(app.Options{Paths: []string{tree}, AsOf: asOf, NeedPolicy: true, GC: c.gc}, func(l *app.Case) int {
					return len(app.Items(l, asOf, duration.Duration{N: 14, Unit: duration.Days}, app.ItemOptions{}))
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.NumGC-gcs)/float64(b.N), "gc/op")
			b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}

// keptSample is the sample's --all obligations, n of them, case by case, with their policies.
func keptSample(b *testing.B, n int) (byCase [][]render.Item, total int) {
	cs := cases(b)
	for total < n {
		for _, c := range cs {
			var its []render.Item
			for _, ob := range engine.Evaluate(c.c, c.p, engine.Options{AsOf: asOf}) {
				its = append(its, render.Item{Obligation: ob, ChildLabel: ob.Child})
			}
			byCase = append(byCase, its)
			total += len(its)
			if total >= n {
				break
			}
		}
	}
	return byCase, total
}

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkKept holds 100,000 obligations as due holds them between evaluation and output: as
// render.Items, or packed by speed.Keep. B/obligation is the heap they keep alive.
func BenchmarkKept(b *testing.B) {
	byCase, n := keptSample(b, 100_000)
	pol := cases(b)
	for _, c := range []string{"items", "kept"} {
		b.Run(c, func(b *testing.B) {
			var held uint64
			for b.Loop() {
				base := liveHeap()
				var items []render.Item
				var kept []speed.Kept
				for i, its := range byCase {
					if c == "items" {
						items = append(items, its...)
					} else {
						kept = append(kept, speed.Keep(its, pol[i%len(pol)].p)...)
					}
				}
				held = liveHeap() - base
				runtime.KeepAlive(items)
				runtime.KeepAlive(kept)
			}
			b.ReportMetric(float64(held)/float64(n), "B/obligation")
		})
	}
}

// BenchmarkShownSort orders 100,000 obligations for printing: speed.Shown's stable sort of
// indexes over packed records, against sort.SliceStable moving whole render.Items.
func BenchmarkShownSort(b *testing.B) {
	byCase, _ := keptSample(b, 100_000)
	pol := cases(b)
	var flat []render.Item
	var s speed.Shown
	for i, its := range byCase {
		flat = append(flat, its...)
		s.All = append(s.All, speed.Keep(its, pol[i%len(pol)].p)...)
	}
	b.Run("slicestable", func(b *testing.B) {
		b.ReportAllocs()
		work := make([]render.Item, len(flat))
		for b.Loop() {
			copy(work, flat)
			sort.SliceStable(work, func(i, j int) bool { return engine.Less(work[i].Obligation, work[j].Obligation) })
		}
	})
	b.Run("shown", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.Sort()
		}
	})
}

// peakHeap runs f and returns the most heap its objects took at once, sampled every 100 µs.
func peakHeap(f func()) uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(100 * time.Microsecond):
			}
		}
	}()
	f()
	close(done)
	return peak.Load()
}

// BenchmarkBufferedOutput writes 10,000 obligations as CSV into a file, as due does when its
// output is not a terminal: straight to the file (a system call a line) or through a 64 KiB
// buffer.
func BenchmarkBufferedOutput(b *testing.B) {
	its := items(b, 10_000)
	f, err := os.Create(filepath.Join(b.TempDir(), "out.csv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	for _, buffered := range []bool{false, true} {
		b.Run(fmt.Sprintf("buffered=%v", buffered), func(b *testing.B) {
			for b.Loop() {
				if _, err := f.Seek(0, 0); err != nil {
					b.Fatal(err)
				}
				var w io.Writer = f
				var buf *bufio.Writer
				if buffered {
					buf = bufio.NewWriterSize(f, 64<<10)
					w = buf
				}
				if err := render.CSV(w, its); err != nil {
					b.Fatal(err)
				}
				if buf != nil {
					if err := buf.Flush(); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
