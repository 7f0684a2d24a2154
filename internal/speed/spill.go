package speed

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
)

// Codec writes values of one type as records of a run and reads them back. Decode must check its
// bounds: a short or bad record is an error, never a panic.
type Codec[T any] struct {
	Encode func(b []byte, v *T) ([]byte, error)
	Decode func(b []byte) (T, error)
}

// Spill puts values in the order cmp gives in bounded memory: up to budget are held; beyond that
// each full buffer is sorted and written as a run to a private temporary file (0600, in a 0700
// folder of its own, unlinked as soon as it is open where the system allows, else removed by
// Close), and the runs are merged as they are read. cmp must be a total order (ties broken by
// something unique) for the order read to be the same however the values were split into runs,
// and safe to call from several goroutines at once (a large buffer is sorted on every core).
// Not safe for concurrent use.
type Spill[T any] struct {
	budget int
	weigh  func(*T) int // how much of the budget a value takes; nil: 1 each
	held   int          // how much of the budget the buffer takes
	cmp    func(a, b *T) int
	keys   func(at func(int32) *T, out []uint64) // see Keyed; nil: none
	codec  Codec[T]
	buf    blocks[T]
	order  []int32 // the buffer's indexes in cmp order, once sorted; nil after an Add
	n      int

	dir  string // the temporary folder, while it exists
	file *os.File
	w    *bufio.Writer
	off  int64
	runs []run
	err  error
}

type run struct{ off, size int64 }

// NewSpill is a Spill holding up to budget values in memory (SortBudget when 0 or less).
func NewSpill[T any](budget int, cmp func(a, b *T) int, codec Codec[T]) *Spill[T] {
	if budget <= 0 {
		budget = SortBudget
	}
	return &Spill[T]{budget: budget, cmp: cmp, codec: codec}
}

// Weigh says how much of the budget each value takes (1 when never called): for values that
// carry text of their own, counted as so many values' room.
func (s *Spill[T]) Weigh(f func(*T) int) { s.weigh = f }

// Keyed gives the sort a key for each value, compared before cmp: keys fills out[i] with the
// key of the value at(i), for the values about to be sorted. The keys must agree with cmp (a
// smaller key only where cmp puts the value first), so that cmp is asked only between values of
// equal keys: a sort by cmp alone chased each value's pointers at every comparison, and a
// national tree's default listing took a quarter of a second of the run's serial end.
func (s *Spill[T]) Keyed(keys func(at func(int32) *T, out []uint64)) { s.keys = keys }

// Add keeps v.
func (s *Spill[T]) Add(v T) {
	s.buf.add(v)
	s.order = s.order[:0]
	s.n++
	s.held++
	if s.weigh != nil {
		s.held += max(s.weigh(&v), 1) - 1
	}
	if s.held >= s.budget {
		s.spill()
	}
}

// Len is the number of values added.
func (s *Spill[T]) Len() int { return s.n }

// Spilled reports whether some values are on disk.
func (s *Spill[T]) Spilled() bool { return len(s.runs) > 0 }

// Err is the first error writing, reading or coding a record.
func (s *Spill[T]) Err() error { return s.err }

// Close removes the temporary file and its folder.
func (s *Spill[T]) Close() error {
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
		s.dir = ""
	}
	return nil
}

// spill writes the buffer, sorted, as one run.
func (s *Spill[T]) spill() {
	if s.err != nil || s.buf.len() == 0 {
		s.buf.reset()
		s.held = 0
		return
	}
	if s.file == nil {
		if s.err = s.open(); s.err != nil {
			return
		}
	}
	start := s.off
	var rec []byte
	for _, i := range s.sorted() {
		var err error
		if rec, err = s.codec.Encode(rec[:0], s.buf.at(i)); err != nil {
			s.err = err
			return
		}
		var n [binary.MaxVarintLen64]byte
		l := binary.PutUvarint(n[:], uint64(len(rec)))
		s.w.Write(n[:l])
		s.w.Write(rec)
		s.off += int64(l + len(rec))
	}
	if err := s.w.Flush(); err != nil {
		s.err = err
		return
	}
	s.runs = append(s.runs, run{off: start, size: s.off - start})
	s.buf.reset()
	s.order = s.order[:0]
	s.held = 0
}

// sorted is the buffer's indexes in cmp order. The values are sorted by index, never moved: they
// are large (an obligation is some 150 bytes), and a sort that moves them copies them at every
// comparison.
func (s *Spill[T]) sorted() []int32 {
	if len(s.order) == s.buf.len() {
		return s.order
	}
	s.order = slices.Grow(s.order[:0], s.buf.len())
	if s.keys == nil {
		for i := range s.buf.len() {
			s.order = append(s.order, int32(i))
		}
		s.order = sortPlaces(s.order, func(i, j int32) int { return s.cmp(s.buf.at(i), s.buf.at(j)) })
		return s.order
	}
	keys := make([]uint64, s.buf.len())
	s.keys(s.buf.at, keys)
	places := make([]keyed, len(keys))
	for i, k := range keys {
		places[i] = keyed{key: k, at: int32(i)}
	}
	places = sortPlaces(places, func(a, b keyed) int {
		if a.key != b.key {
			return cmp.Compare(a.key, b.key)
		}
		return s.cmp(s.buf.at(a.at), s.buf.at(b.at))
	})
	for _, p := range places {
		s.order = append(s.order, p.at)
	}
	return s.order
}

// keyed is a place in the buffer with its value's key (Keyed).
type keyed struct {
	key uint64
	at  int32
}

// parallelSort is the fewest places sortPlaces sorts in parts: below it, the goroutines cost
// more than they save.
const parallelSort = 1 << 14

// sortPlaces sorts order by cmp, a large list in parts on every core merged into one: the last
// step of a run that held everything (a national tree's default listing) is this sort, and it
// was a third of a second on one core while the other waited. cmp is a total order, so the
// result is the same however the list was split, and it is called from several goroutines at
// once. The result may be a new slice.
func sortPlaces[E any](order []E, cmp func(a, b E) int) []E {
	parts := min(runtime.GOMAXPROCS(0), 8)
	if parts < 2 || len(order) < parallelSort {
		slices.SortFunc(order, cmp)
		return order
	}
	bounds := make([]int, parts+1)
	for p := range bounds {
		bounds[p] = p * len(order) / parts
	}
	var wg sync.WaitGroup
	for p := range parts {
		wg.Add(1)
		go func(part []E) {
			defer wg.Done()
			slices.SortFunc(part, cmp)
		}(order[bounds[p]:bounds[p+1]])
	}
	wg.Wait()
	// Merge the sorted parts pairwise until one is left.
	src, dst := order, make([]E, len(order))
	for len(bounds) > 2 {
		var next []int
		for p := 0; p+1 < len(bounds); p += 2 {
			lo, hi := bounds[p], bounds[min(p+2, len(bounds)-1)]
			if p+2 >= len(bounds) { // an odd part out: copied as it is
				copy(dst[lo:hi], src[lo:hi])
			} else {
				mergePlaces(dst[lo:hi], src[lo:bounds[p+1]], src[bounds[p+1]:hi], cmp)
			}
			next = append(next, lo)
		}
		bounds = append(next, len(order))
		src, dst = dst, src
	}
	return src
}

// mergePlaces merges the sorted lists a and b into out (len(a)+len(b) long), a's first on a tie.
func mergePlaces[E any](out, a, b []E, cmp func(a, b E) int) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if cmp(b[j], a[i]) < 0 {
			out[k] = b[j]
			j++
		} else {
			out[k] = a[i]
			i++
		}
		k++
	}
	k += copy(out[k:], a[i:])
	copy(out[k:], b[j:])
}

// Held is every value, when none is on disk: the value at each place in the buffer, and the
// places in cmp order, to be read and not changed (until the next Add). ok is false once values
// have been spilled.
func (s *Spill[T]) Held() (at func(int32) *T, order []int32, ok bool) {
	if len(s.runs) > 0 {
		return nil, nil, false
	}
	return s.buf.at, s.sorted(), true
}

// open makes the private temporary file. Where an open file can be unlinked it is at once, so
// nothing is left behind even if cpcase is killed.
func (s *Spill[T]) open() error {
	dir, err := os.MkdirTemp("", "cpcase-sort-") // 0700
	if err != nil {
		return err
	}
	s.dir = dir
	f, err := os.OpenFile(filepath.Join(dir, "runs"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	s.file, s.w = f, bufio.NewWriterSize(f, 256<<10)
	if os.Remove(f.Name()) == nil && os.Remove(dir) == nil {
		s.dir = ""
	}
	return nil
}

// Each is every value, in order. Once adding is done it may be read any number of times; a read
// error stops it and is kept for Err.
func (s *Spill[T]) Each(yield func(*T) bool) {
	if len(s.runs) == 0 {
		for _, i := range s.sorted() {
			if !yield(s.buf.at(i)) {
				return
			}
		}
		return
	}
	s.spill()
	s.buf.free()
	s.order = nil // everything is in the runs now: the merge needs no buffer
	if s.err != nil {
		return
	}
	h := &merge[T]{cmp: s.cmp}
	for _, r := range s.runs {
		rd := s.reader(r)
		if v, ok := rd.next(); ok {
			h.c = append(h.c, cursor[T]{rd: rd, v: v})
		}
	}
	heap.Init(h)
	for h.Len() > 0 {
		top := &h.c[0]
		if !yield(&top.v) {
			return
		}
		if v, ok := top.rd.next(); ok {
			top.v = v
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
}

type cursor[T any] struct {
	rd *runReader[T]
	v  T
}

type merge[T any] struct {
	c   []cursor[T]
	cmp func(a, b *T) int
}

func (m *merge[T]) Len() int           { return len(m.c) }
func (m *merge[T]) Less(i, j int) bool { return m.cmp(&m.c[i].v, &m.c[j].v) < 0 }
func (m *merge[T]) Swap(i, j int)      { m.c[i], m.c[j] = m.c[j], m.c[i] }
func (m *merge[T]) Push(x any)         { m.c = append(m.c, x.(cursor[T])) }
func (m *merge[T]) Pop() any {
	x := m.c[len(m.c)-1]
	m.c = m.c[:len(m.c)-1]
	return x
}

type runReader[T any] struct {
	s   *Spill[T]
	r   *bufio.Reader
	rec []byte
}

func (s *Spill[T]) reader(r run) *runReader[T] {
	return &runReader[T]{s: s, r: bufio.NewReaderSize(io.NewSectionReader(s.file, r.off, r.size), 64<<10)}
}

func (rd *runReader[T]) next() (T, bool) {
	var zero T
	n, err := binary.ReadUvarint(rd.r)
	if err != nil {
		if !errors.Is(err, io.EOF) {
			rd.s.err = err
		}
		return zero, false
	}
	if n > uint64(rd.s.off) {
		rd.s.err = errBadRecord
		return zero, false
	}
	rd.rec = slices.Grow(rd.rec[:0], int(n))[:n]
	if _, err := io.ReadFull(rd.r, rd.rec); err != nil {
		rd.s.err = err
		return zero, false
	}
	v, err := rd.s.codec.Decode(rd.rec)
	if err != nil {
		rd.s.err = err
		return zero, false
	}
	return v, true
}

var errBadRecord = errors.New("sorting: a temporary record could not be read back")

// Record helpers for codecs: varints and length-prefixed strings, read with bounds checks.

// AppendString appends s, its length first.
func AppendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Decoder reads a record with bounds checks: a short or bad record sets Bad.
type Decoder struct {
	B   []byte
	Bad bool
}

// Err is the error for a record that did not read back.
func (d *Decoder) Err() error {
	if d.Bad {
		return errBadRecord
	}
	return nil
}

func (d *Decoder) Uvarint() uint64 {
	v, n := binary.Uvarint(d.B)
	if n <= 0 {
		d.Bad = true
		return 0
	}
	d.B = d.B[n:]
	return v
}

func (d *Decoder) Varint() int64 {
	v, n := binary.Varint(d.B)
	if n <= 0 {
		d.Bad = true
		return 0
	}
	d.B = d.B[n:]
	return v
}

func (d *Decoder) Byte() byte {
	if len(d.B) == 0 {
		d.Bad = true
		return 0
	}
	c := d.B[0]
	d.B = d.B[1:]
	return c
}

func (d *Decoder) Str() string {
	n := d.Uvarint()
	if n > uint64(len(d.B)) {
		d.Bad = true
		return ""
	}
	s := string(d.B[:n])
	d.B = d.B[n:]
	return s
}
