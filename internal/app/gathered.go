package app

import (
	"fmt"
	"sync"

	"github.com/cpcase/cpcase/internal/speed"
)

// Gathered keeps what cases add as they are evaluated, across cores, in a speed.Spill (sorted in
// bounded memory), and on reading leaves out what came from a case Each failed after it added
// it: a case reference another folder used first, whose output is dropped.
type Gathered[T any] struct {
	what string // what is sorted, for an error: "the calendar"
	mu   sync.Mutex
	sp   *speed.Spill[T]
	seq  func(*T) uint64 // the value's place: its case's index in path order in the top 32 bits
	ran  map[string]uint64
	drop map[uint64]bool
}

// Gather is an empty Gathered holding up to budget bytes (as size weighs each value) before it
// sorts them in runs on disk, in order; seq gives each value's case index (top 32 bits).
func Gather[T any](what string, budget int, order func(a, b *T) int, codec speed.Codec[T], size func(*T) int, seq func(*T) uint64) *Gathered[T] {
	g := &Gathered[T]{what: what, sp: speed.NewSpill(budget, order, codec), seq: seq, ran: map[string]uint64{}}
	g.sp.Weigh(size)
	return g
}

// Add keeps case c's values.
func (g *Gathered[T]) Add(c *Case, vs []T) {
	if len(vs) == 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ran[c.Dir] = uint64(c.Index)
	for _, v := range vs {
		g.sp.Add(v)
	}
}

// DropFailed leaves out the values of the cases that failed after adding them; call it once,
// when Each has returned, before reading.
func DropFailed[T, R any](g *Gathered[T], cases []Result[R]) {
	for _, r := range cases {
		if i, ok := g.ran[r.Dir]; ok && r.Failed {
			if g.drop == nil {
				g.drop = map[uint64]bool{}
			}
			g.drop[i] = true
		}
	}
	g.ran = nil
}

// All is every value kept, in order; a read error stops it and is kept for Err.
func (g *Gathered[T]) All(yield func(*T) bool) {
	g.sp.Each(func(v *T) bool {
		return g.drop[g.seq(v)>>32] || yield(v)
	})
}

// Err is the first error writing or reading the temporary file.
func (g *Gathered[T]) Err() error {
	if err := g.sp.Err(); err != nil {
		return fmt.Errorf("sorting %s: %v", g.what, err)
	}
	return nil
}

// Close removes the temporary file.
func (g *Gathered[T]) Close() error { return g.sp.Close() }
