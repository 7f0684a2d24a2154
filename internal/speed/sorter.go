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
	"slices"
	"sync"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
)

// SortBudget is how many obligations a Sorter holds in memory before it writes them, sorted, to
// its temporary file: about 20 MiB of packed records. The default listing of a national tree
// (some 170,000) stays in memory; --all's millions are sorted in runs and merged.
const SortBudget = 1 << 17

// Sorter puts the obligations of many cases in engine.Less order, ties in the order their cases
// were found and then the order each case gave them, in bounded memory: what does not fit in its
// budget is written in sorted runs to a private temporary file (0600, in a 0700 folder of its
// own, unlinked as soon as it is open where the system allows, else removed by Close) and the
// runs are merged as they are read. A run holds no more than the obligations themselves (ids,
// dates, the case reference, team, worker, the child's label as shown): what the output prints.
// Add is safe for concurrent use; read with All once adding is done.
type Sorter struct {
	mu     sync.Mutex
	budget int
	buf    []sorted
	cases  []*keptCase
	rules  []*policy.Rule
	ruleID map[*policy.Rule]uint32
	drop   map[uint32]bool

	dir  string // the temporary folder, while it exists
	file *os.File
	w    *bufio.Writer
	off  int64
	runs []run
	n    int
	err  error
}

type sorted struct {
	k   Kept
	seq uint64 // the case's place in path order, then the item's in its case
}

type run struct{ off, size int64 }

// NewSorter is a Sorter holding up to budget obligations in memory (SortBudget when 0 or less).
func NewSorter(budget int) *Sorter {
	if budget <= 0 {
		budget = SortBudget
	}
	return &Sorter{budget: budget, ruleID: map[*policy.Rule]uint32{}, drop: map[uint32]bool{}}
}

// Add keeps one case's items; order is the case's place in path order. The id it gives is for
// Drop.
func (s *Sorter) Add(order int, items []render.Item, p *policy.Policy) (id uint32) {
	kept := Keep(items, p)
	s.mu.Lock()
	defer s.mu.Unlock()
	id = uint32(len(s.cases))
	var c *keptCase
	for i := range kept {
		if kept[i].c != nil {
			c = kept[i].c
			break
		}
	}
	s.cases = append(s.cases, c)
	for i, k := range kept {
		if k.rule != nil {
			if _, ok := s.ruleID[k.rule]; !ok {
				s.ruleID[k.rule] = uint32(len(s.rules))
				s.rules = append(s.rules, k.rule)
			}
		}
		k.id = id
		s.buf = append(s.buf, sorted{k: k, seq: uint64(order+1)<<32 | uint64(i)})
	}
	s.n += len(kept)
	if len(s.buf) >= s.budget {
		s.spill()
	}
	return id
}

// AddWhole keeps items that stand alone (the rows of cases that could not be evaluated): they
// come before every obligation, in the order given.
func (s *Sorter) AddWhole(items []render.Item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := uint32(len(s.cases))
	s.cases = append(s.cases, nil)
	for i, it := range items {
		k := KeepWhole(it)
		k.id = id
		s.buf = append(s.buf, sorted{k: k, seq: uint64(i)})
	}
	s.n += len(items)
	if len(s.buf) >= s.budget {
		s.spill()
	}
}

// Drop leaves out the obligations of the case Add gave this id (a case whose reference another
// folder already used).
func (s *Sorter) Drop(id uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.drop[id] {
		s.drop[id] = true
		for _, b := range s.buf {
			if b.k.id == id {
				s.n--
			}
		}
		s.n -= s.spilledOf(id)
	}
}

// spilledOf counts the dropped case's records already written: read back only for a duplicate
// case reference, which is rare.
func (s *Sorter) spilledOf(id uint32) int {
	n := 0
	for _, r := range s.runs {
		rd := s.reader(r)
		for {
			e, ok := rd.next()
			if !ok {
				break
			}
			if e.k.id == id {
				n++
			}
		}
	}
	return n
}

// Len is the number of obligations kept, less those dropped.
func (s *Sorter) Len() int { return s.n }

// Err is the first error writing or reading the temporary file.
func (s *Sorter) Err() error { return s.err }

// Close removes the temporary file and its folder.
func (s *Sorter) Close() error {
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

func lessSorted(a, b *sorted) int {
	if c := compareKept(&a.k, &b.k); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// compareKept is engine.Less as a three-way comparison, read from the packed fields, after the
// rows of cases that could not be evaluated.
func compareKept(a, b *Kept) int {
	if ua, ub := a.whole != nil && a.whole.IsUnevaluated(), b.whole != nil && b.whole.IsUnevaluated(); ua != ub {
		if ua {
			return -1
		}
		return 1
	}
	ka, kb := a.sortKey(), b.sortKey()
	switch {
	case engine.Less(ka, kb):
		return -1
	case engine.Less(kb, ka):
		return 1
	}
	return 0
}

// sortKey is an obligation with just the fields engine.Less reads.
func (k *Kept) sortKey() engine.Obligation {
	if k.whole != nil {
		o := k.whole.Obligation
		return engine.Obligation{Status: o.Status, Due: o.Due, Case: o.Case, Rule: o.Rule, Child: o.Child, Anchor: casefolder.Pos{Line: o.Anchor.Line}}
	}
	return engine.Obligation{Status: engine.Statuses[k.status], Due: k.due, Case: k.c.ref, Rule: k.rule.ID, Child: k.child, Anchor: casefolder.Pos{Line: int(k.line)}}
}

// spill writes the buffer, sorted, as one run. With s.mu held.
func (s *Sorter) spill() {
	if s.err != nil || len(s.buf) == 0 {
		s.buf = s.buf[:0]
		return
	}
	if s.file == nil {
		if s.err = s.open(); s.err != nil {
			return
		}
	}
	slices.SortFunc(s.buf, func(a, b sorted) int { return lessSorted(&a, &b) })
	start := s.off
	var rec []byte
	for i := range s.buf {
		rec = s.encode(rec[:0], &s.buf[i])
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
	clear(s.buf)
	s.buf = s.buf[:0]
}

// open makes the private temporary file. Where an open file can be unlinked it is at once, so
// nothing is left behind even if cpcase is killed.
func (s *Sorter) open() error {
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

// All is every obligation kept, in order. Once adding is done it may be read any number of
// times; a read error stops it and is kept for Err.
func (s *Sorter) All(yield func(render.Item) bool) {
	s.each(func(k *Kept) bool { return yield(k.Item()) })
}

// Shown is every obligation kept, in order, packed and held in memory: for the table, which is
// fitted to its widest cells and grouped by worker (Shown.Permute).
func (s *Sorter) Shown() *Shown {
	sh := &Shown{All: make([]Kept, 0, s.Len())}
	s.each(func(k *Kept) bool {
		sh.All = append(sh.All, *k)
		return true
	})
	sh.order = make([]int32, len(sh.All))
	for i := range sh.order {
		sh.order[i] = int32(i)
	}
	return sh
}

// each is every obligation kept, in order.
func (s *Sorter) each(yield func(*Kept) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.runs) == 0 {
		if !slices.IsSortedFunc(s.buf, func(a, b sorted) int { return lessSorted(&a, &b) }) {
			slices.SortFunc(s.buf, func(a, b sorted) int { return lessSorted(&a, &b) })
		}
		for i := range s.buf {
			if !s.drop[s.buf[i].k.id] && !yield(&s.buf[i].k) {
				return
			}
		}
		return
	}
	s.spill()
	if s.err != nil {
		return
	}
	h := &merge{}
	for _, r := range s.runs {
		rd := s.reader(r)
		if e, ok := rd.next(); ok {
			h.c = append(h.c, cursor{rd: rd, e: e})
		}
	}
	heap.Init(h)
	for h.Len() > 0 {
		top := &h.c[0]
		if !s.drop[top.e.k.id] && !yield(&top.e.k) {
			return
		}
		if e, ok := top.rd.next(); ok {
			top.e = e
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
}

// Items is every obligation, in order, in one slice: for the outputs that are not bounded
// (--explain, and the boxed table on a terminal).
func (s *Sorter) Items() []render.Item {
	out := make([]render.Item, 0, s.Len())
	for it := range s.All {
		out = append(out, it)
	}
	return out
}

type cursor struct {
	rd *runReader
	e  sorted
}

type merge struct{ c []cursor }

func (m *merge) Len() int           { return len(m.c) }
func (m *merge) Less(i, j int) bool { return lessSorted(&m.c[i].e, &m.c[j].e) < 0 }
func (m *merge) Swap(i, j int)      { m.c[i], m.c[j] = m.c[j], m.c[i] }
func (m *merge) Push(x any)         { m.c = append(m.c, x.(cursor)) }
func (m *merge) Pop() any {
	x := m.c[len(m.c)-1]
	m.c = m.c[:len(m.c)-1]
	return x
}

type runReader struct {
	s   *Sorter
	r   *bufio.Reader
	rec []byte
}

func (s *Sorter) reader(r run) *runReader {
	return &runReader{s: s, r: bufio.NewReaderSize(io.NewSectionReader(s.file, r.off, r.size), 64<<10)}
}

func (rd *runReader) next() (sorted, bool) {
	n, err := binary.ReadUvarint(rd.r)
	if err != nil {
		if !errors.Is(err, io.EOF) {
			rd.s.err = err
		}
		return sorted{}, false
	}
	rd.rec = slices.Grow(rd.rec[:0], int(n))[:n]
	if _, err := io.ReadFull(rd.r, rd.rec); err != nil {
		rd.s.err = err
		return sorted{}, false
	}
	d := decoder{b: rd.rec}
	e := rd.s.decode(&d)
	if d.bad {
		rd.s.err = errors.New("sorting: a temporary record could not be read back")
		return sorted{}, false
	}
	return e, true
}

// encode is one record of a run: the case and rule by their number in this Sorter, the rest as
// written.
func (s *Sorter) encode(b []byte, e *sorted) []byte {
	k := &e.k
	b = binary.AppendUvarint(b, e.seq)
	b = binary.AppendUvarint(b, uint64(k.id))
	if k.whole != nil {
		it := k.whole
		o := it.Obligation
		if o.Basis != nil && s.err == nil {
			s.err = errors.New("sorting: an explained obligation cannot be written to disk")
		}
		b = append(b, 1)
		for _, str := range []string{o.Case, o.Team, o.Worker, o.Policy, o.Rule, o.Title, o.Label, o.Cite, o.Child, string(o.Status), o.Anchor.File, o.Detail,
			it.ChildLabel, it.Staff, it.WorkerLabel, it.ActionText, it.ActionOwner, it.Folder} {
			b = appendString(b, str)
		}
		for _, d := range []civil.Date{o.Due, o.Limit, o.Met, o.Booked, o.End} {
			b = binary.AppendVarint(b, int64(d))
		}
		for _, n := range []int{o.Days, o.Anchor.Line, o.Anchor.Col, o.Period, it.WorkingDays} {
			b = binary.AppendVarint(b, int64(n))
		}
		return append(b, flags(o.HasDays, o.BookedLate), flags(o.OverLimit, it.Limited))
	}
	b = append(b, 0)
	b = binary.AppendUvarint(b, uint64(s.ruleID[k.rule]))
	b = appendString(b, k.child)
	b = appendString(b, k.label)
	b = appendString(b, k.detail)
	if k.action != nil {
		b = append(b, 1)
		b = appendString(b, k.action.text)
		b = appendString(b, k.action.owner)
	} else {
		b = append(b, 0)
	}
	for _, d := range []civil.Date{k.due, k.met, k.booked, k.end} {
		b = binary.AppendVarint(b, int64(d))
	}
	for _, n := range []int32{k.days, k.line, k.col, k.wd, k.per} {
		b = binary.AppendVarint(b, int64(n))
	}
	return append(b, k.file, k.status, flags(k.hasDays, k.bookedLate))
}

func (s *Sorter) decode(d *decoder) sorted {
	var e sorted
	e.seq = d.uvarint()
	id := d.uvarint()
	if id >= uint64(len(s.cases)) {
		d.bad = true
		return e
	}
	k := &e.k
	k.id = uint32(id)
	if d.byte() == 1 {
		var it render.Item
		o := &it.Obligation
		var status string
		for _, p := range []*string{&o.Case, &o.Team, &o.Worker, &o.Policy, &o.Rule, &o.Title, &o.Label, &o.Cite, &o.Child, &status, &o.Anchor.File, &o.Detail,
			&it.ChildLabel, &it.Staff, &it.WorkerLabel, &it.ActionText, &it.ActionOwner, &it.Folder} {
			*p = d.str()
		}
		o.Status = engine.Status(status)
		for _, p := range []*civil.Date{&o.Due, &o.Limit, &o.Met, &o.Booked, &o.End} {
			*p = civil.Date(d.varint())
		}
		for _, p := range []*int{&o.Days, &o.Anchor.Line, &o.Anchor.Col, &o.Period, &it.WorkingDays} {
			*p = int(d.varint())
		}
		o.HasDays, o.BookedLate = unflags(d.byte())
		o.OverLimit, it.Limited = unflags(d.byte())
		k.whole = &it
		return e
	}
	r := d.uvarint()
	if r >= uint64(len(s.rules)) || s.cases[id] == nil {
		d.bad = true
		return e
	}
	k.c, k.rule = s.cases[id], s.rules[r]
	k.child, k.label, k.detail = d.str(), d.str(), d.str()
	if d.byte() == 1 {
		k.action = &keptAction{text: d.str(), owner: d.str()}
	}
	for _, p := range []*civil.Date{&k.due, &k.met, &k.booked, &k.end} {
		*p = civil.Date(d.varint())
	}
	for _, p := range []*int32{&k.days, &k.line, &k.col, &k.wd, &k.per} {
		*p = int32(d.varint())
	}
	k.file, k.status = d.byte(), d.byte()
	k.hasDays, k.bookedLate = unflags(d.byte())
	if int(k.file) >= len(k.c.files) || int(k.status) >= len(engine.Statuses) {
		d.bad = true
	}
	return e
}

func flags(a, b bool) byte {
	var f byte
	if a {
		f |= 1
	}
	if b {
		f |= 2
	}
	return f
}

func unflags(f byte) (bool, bool) { return f&1 != 0, f&2 != 0 }

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// decoder reads a record with bounds checks: a short or bad record sets bad.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.bad = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.bad = true
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}
