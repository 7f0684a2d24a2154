package bench

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/cache"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
)

// The benchmarks run on a sample of generated cases: CPCASE_BENCH_TREE names a tree to use, or
// 200 cases are generated once (seed 1) under the system's temporary folder.
const sampleSize = 200

var asOf = civil.MustParse("2026-11-23")

type sampleCase struct {
	dir   string
	bytes int64
	c     *casefolder.Case
	p     *policy.Policy
}

var sample struct {
	once  sync.Once
	cases []sampleCase
	err   error
}

func cases(b *testing.B) []sampleCase {
	b.Helper()
	sample.once.Do(func() { sample.cases, sample.err = loadSample() })
	if sample.err != nil {
		b.Fatal(sample.err)
	}
	return sample.cases
}

func loadSample() ([]sampleCase, error) {
	tree := os.Getenv("CPCASE_BENCH_TREE")
	if tree == "" {
		tree = filepath.Join(os.TempDir(), fmt.Sprintf("cpcase-bench-sample-%d", sampleSize))
		if _, err := os.Stat(tree); err != nil {
			tmp := tree + fmt.Sprintf(".tmp%d", os.Getpid())
			gen := exec.Command("go", "run", "../testdata/gen", "-n", fmt.Sprint(sampleSize), "-o", tmp, "-seed", "1")
			gen.Stderr = os.Stderr
			if err := gen.Run(); err != nil {
				return nil, fmt.Errorf("generating the sample: %v", err)
			}
			if err := os.Rename(tmp, tree); err != nil {
				return nil, err
			}
		}
	}
	dirs, err := casefolder.Find([]string{tree})
	if err != nil {
		return nil, err
	}
	if len(dirs) > sampleSize {
		dirs = dirs[:sampleSize]
	}
	reg := policy.NewRegistry()
	var out []sampleCase
	for _, dir := range dirs {
		c, d := casefolder.Load(dir, asOf)
		if d.Errors() > 0 {
			return nil, fmt.Errorf("%s does not load: %v", dir, d[0])
		}
		p, _, err := reg.Resolve(c.Policy)
		if err != nil || p == nil {
			return nil, fmt.Errorf("%s: policy %s: %v", dir, c.Policy, err)
		}
		s := sampleCase{dir: dir, c: c, p: p}
		for _, f := range []string{casefolder.PlanFile, casefolder.MembersFile, casefolder.MeetingsFile, casefolder.VisitsFile} {
			if info, err := os.Stat(filepath.Join(dir, f)); err == nil {
				s.bytes += info.Size()
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// typical is the case of median size in the sample.
func typical(b *testing.B) sampleCase {
	cs := append([]sampleCase(nil), cases(b)...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].bytes < cs[j].bytes })
	return cs[len(cs)/2]
}

// BenchmarkLoad is casefolder.Load of the typical case: read, parse, walk and check.
func BenchmarkLoad(b *testing.B) {
	c := typical(b)
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for b.Loop() {
		if _, d := casefolder.Load(c.dir, asOf); d.Errors() > 0 {
			b.Fatal(d)
		}
	}
}

// BenchmarkFloorDecode is the floor's work on the same case: read the four files and decode
// each into `any` with yaml.v3. Load's time over this is what cpcase adds to reading.
func BenchmarkFloorDecode(b *testing.B) {
	c := typical(b)
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range []string{casefolder.PlanFile, casefolder.MembersFile, casefolder.MeetingsFile, casefolder.VisitsFile} {
			data, err := os.ReadFile(filepath.Join(c.dir, f))
			if err != nil {
				continue
			}
			var v any
			if err := yaml.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkLoadCached is the same case read from a warm --cache entry.
func BenchmarkLoadCached(b *testing.B) {
	c := typical(b)
	cc, err := cache.Open(filepath.Join(b.TempDir(), "cache"))
	if err != nil {
		b.Fatal(err)
	}
	cc.Load(c.dir, asOf)
	if _, _, hit := cc.Load(c.dir, asOf); !hit {
		b.Skip("the sample's files are too recent to cache; run again in a few seconds")
	}
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for b.Loop() {
		cc.Load(c.dir, asOf)
	}
}

// BenchmarkChildNames is what a cached case costs extra when a table names its children.
func BenchmarkChildNames(b *testing.B) {
	c := typical(b)
	b.ReportAllocs()
	for b.Loop() {
		cache.ChildNames(c.dir)
	}
}

// BenchmarkEvaluate is engine.Evaluate of every sample case in turn; ns/op is per case.
func BenchmarkEvaluate(b *testing.B) {
	cs := cases(b)
	n := 0
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c := cs[i%len(cs)]
		n += len(engine.Evaluate(c.c, c.p, engine.Options{AsOf: asOf}))
	}
	b.ReportMetric(float64(n)/float64(b.N), "obligations/op")
}

// items are n obligations (the sample's, repeated), as `cpcase due --all` holds them.
func items(b *testing.B, n int) []render.Item {
	var all []render.Item
	for _, c := range cases(b) {
		for _, ob := range engine.Evaluate(c.c, c.p, engine.Options{AsOf: asOf}) {
			all = append(all, render.Item{Obligation: ob, ChildLabel: ob.Child})
		}
	}
	out := make([]render.Item, 0, n)
	for len(out) < n {
		out = append(out, all[:min(len(all), n-len(out))]...)
	}
	return out
}

// BenchmarkRender writes n obligations as JSON, CSV and the plain table. Time per obligation
// should stay flat as n grows: no step may be quadratic.
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		its := items(b, n)
		for _, f := range []struct {
			name  string
			write func(io.Writer, []render.Item) error
		}{
			{"json", render.JSON},
			{"csv", render.CSV},
			{"table", func(w io.Writer, its []render.Item) error {
				return render.WriteDue(w, render.Items(its), render.DueOptions{})
			}},
		} {
			b.Run(fmt.Sprintf("%s/%d", f.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := f.write(io.Discard, its); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/obligation")
			})
		}
	}
}
