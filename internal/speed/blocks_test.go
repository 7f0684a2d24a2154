package speed

import (
	"runtime"
	"slices"
	"testing"
)

// Values added across several blocks read back by place; reset empties the list, leaves no value
// behind for the collector, and the blocks serve again.
func TestBlocks(t *testing.T) {
	var bs blocks[*int]
	n := 3*blockSize + 5
	vals := make([]int, n)
	for i := range vals {
		vals[i] = i
		bs.add(&vals[i])
	}
	if bs.len() != n || len(bs.b) != 4 {
		t.Fatalf("len %d in %d blocks, want %d in 4", bs.len(), len(bs.b), n)
	}
	for _, i := range []int32{0, 63, 64, blockSize - 1, blockSize, 2*blockSize + 7, int32(n - 1)} {
		if got := **bs.at(i); got != int(i) {
			t.Errorf("at(%d) = %d", i, got)
		}
	}
	first := &bs.b[1][:1][0]
	bs.reset()
	if bs.len() != 0 || *first != nil {
		t.Fatalf("after reset: len %d, a value still held: %v", bs.len(), *first != nil)
	}
	x := 42
	for range blockSize + 1 {
		bs.add(&x)
	}
	if len(bs.b) != 4 || **bs.at(blockSize) != 42 {
		t.Errorf("after reset and %d adds: %d blocks, at(%d) = %d", blockSize+1, len(bs.b), blockSize, **bs.at(blockSize))
	}
}

// A list large enough to be sorted in parts comes out as one sort gives it, for any number of
// cores (an odd part out included), and a short one is sorted where it is.
func TestSortPlaces(t *testing.T) {
	keys := make([]int, 3*parallelSort+7)
	for i := range keys {
		keys[i] = (i * 7919) % 1000 // many ties, broken by place
	}
	byKey := func(i, j int32) int {
		if keys[i] != keys[j] {
			return keys[i] - keys[j]
		}
		return int(i - j)
	}
	places := func(n int) []int32 {
		p := make([]int32, n)
		for i := range p {
			p[i] = int32(n - 1 - i)
		}
		return p
	}
	want := places(len(keys))
	slices.SortFunc(want, byKey)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 5} {
		runtime.GOMAXPROCS(procs)
		if got := sortPlaces(places(len(keys)), byKey); !slices.Equal(got, want) {
			t.Errorf("%d cores: not in order", procs)
		}
	}
	short := places(10)
	if got := sortPlaces(short, byKey); &got[0] != &short[0] || !slices.IsSortedFunc(got, byKey) {
		t.Errorf("a short list: not sorted in place")
	}
}
