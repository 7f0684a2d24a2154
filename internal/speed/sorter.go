package speed

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
)

// SortBudget is how many obligations a Sorter holds in memory before it writes them, sorted, to
// its temporary file: about 30 MiB of packed records. --all's millions are sorted in runs and
// merged; the default listing of a national tree (171,117 obligations at 50,000 cases) is held
// whole, with room to spare, so that the table's passes read it in place. Held in blocks
// (blocks.go), the records take their own room and no more, and the process's memory limit
// (LimitMemory) keeps the collector's goal from carrying the peak past 200 MiB.
const SortBudget = 3 << 16

// Sorter puts the obligations of many cases in engine.Less order, ties in the order their cases
// were found and then the order each case gave them, in bounded memory (a Spill: what does not fit
// in its budget is sorted in runs in a private temporary file and merged as it is read). A run
// holds no more than the obligations themselves (ids, dates, the case reference, team, worker, the
// child's label as shown): what the output prints. Add is safe for concurrent use; read with All
// once adding is done.
type Sorter struct {
	mu     sync.Mutex
	sp     *Spill[sorted]
	cases  []*keptCase
	counts []int // obligations kept of each case, by its id
	rules  []*policy.Rule
	ruleID map[*policy.Rule]uint32
	drop   map[uint32]bool
	// Each case's worker as a number (keptCase.workerNo), given as the case is added, when its
	// strings are at hand: the grouping then reads numbers, not 37,000 cases' strings again.
	workers map[render.Worker]uint32
	n       int
	sorts   uint32 // sorts keyed so far (sortKeys)
	// groupings by place so far (rankByPlace)
	groupings uint32
}

type sorted struct {
	k   Kept
	seq uint64 // the case's place in path order, then the item's in its case
}

// NewSorter is a Sorter holding up to budget obligations in memory (SortBudget when 0 or less).
func NewSorter(budget int) *Sorter {
	s := &Sorter{ruleID: map[*policy.Rule]uint32{}, drop: map[uint32]bool{}, workers: map[render.Worker]uint32{}}
	s.sp = NewSpill(budget, lessSorted, Codec[sorted]{Encode: s.encode, Decode: s.decode})
	s.sp.Keyed(s.sortKeys)
	// An obligation explained carries its text (some 200 bytes with --explain): the budget
	// counts it as the room of so many more packed obligations (some 160 bytes each), so that
	// what is held in memory stays about the same.
	s.sp.Weigh(func(e *sorted) int { return 1 + len(e.k.why)/160 })
	return s
}

// Add keeps one case's items; order is the case's place in path order. The id it gives is for
// Drop.
func (s *Sorter) Add(order int, items []render.Item, p *policy.Policy) (id uint32) {
	return s.AddExplained(order, items, nil, p)
}

// AddExplained is Add with a text kept beside each item (why[i] beside items[i]; nil: none), read
// back with Explained: the short explanations of --explain, which travel with their obligations
// through the runs on disk.
func (s *Sorter) AddExplained(order int, items []render.Item, why []string, p *policy.Policy) (id uint32) {
	kept := Keep(items, p)
	for i := range min(len(why), len(kept)) {
		kept[i].why = why[i]
	}
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
	s.counts = append(s.counts, len(kept))
	if c != nil {
		c.workerNo = s.workerNo(render.WorkerFrom(c.staff, c.ref, c.worker))
	}
	for i, k := range kept {
		if k.rule != nil {
			if _, ok := s.ruleID[k.rule]; !ok {
				s.ruleID[k.rule] = uint32(len(s.rules))
				s.rules = append(s.rules, k.rule)
			}
		}
		k.id = id
		s.sp.Add(sorted{k: k, seq: uint64(order+1)<<32 | uint64(i)})
	}
	s.n += len(kept)
	return id
}

// AddWhole keeps items that stand alone (the rows of cases that could not be evaluated): they
// come before every obligation, in the order given.
func (s *Sorter) AddWhole(items []render.Item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := uint32(len(s.cases))
	s.cases = append(s.cases, nil)
	s.counts = append(s.counts, len(items))
	for i, it := range items {
		k := KeepWhole(it)
		k.id = id
		s.sp.Add(sorted{k: k, seq: uint64(i)})
	}
	s.n += len(items)
}

// Drop leaves out the obligations of the case Add gave this id (a case whose reference another
// folder already used).
func (s *Sorter) Drop(id uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.drop[id] && int(id) < len(s.counts) {
		s.drop[id] = true
		s.n -= s.counts[id]
	}
}

// Len is the number of obligations kept, less those dropped.
func (s *Sorter) Len() int { return s.n }

// Spilled reports whether some obligations are on disk: the listing is larger than the budget.
func (s *Sorter) Spilled() bool { return s.sp.Spilled() }

// Err is the first error writing or reading the temporary file.
func (s *Sorter) Err() error { return s.sp.Err() }

// Close removes the temporary file and its folder.
func (s *Sorter) Close() error { return s.sp.Close() }

func lessSorted(a, b *sorted) int {
	if c := compareKept(&a.k, &b.k); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// sortKeys are the keys of the obligations about to be sorted (Spill.Keyed), in compareKept's
// order: a row of a case that could not be evaluated first, then overdue first, then the due
// date (none last), then the case reference's place among those of the rows being sorted.
// Only a case's own obligations due the same day are left for compareKept to tell apart.
func (s *Sorter) sortKeys(at func(int32) *sorted, out []uint64) {
	s.sorts++
	type ref struct {
		ref string
		c   *keptCase // nil for a row held whole, at place i
		i   int32
	}
	var refs []ref
	for i := range out {
		k := &at(int32(i)).k
		switch {
		case k.whole != nil:
			refs = append(refs, ref{ref: k.whole.Case, i: int32(i)})
		case k.c.mark != s.sorts:
			k.c.mark = s.sorts
			refs = append(refs, ref{ref: k.c.ref, c: k.c})
		}
	}
	if len(refs) >= 1<<30 {
		clear(out) // more references than the key has room for: compareKept alone
		return
	}
	refs = sortPlaces(refs, func(a, b ref) int { return strings.Compare(a.ref, b.ref) }) // on every core
	rank := uint32(0)
	for j, r := range refs {
		if j > 0 && r.ref != refs[j-1].ref {
			rank++
		}
		if r.c != nil {
			r.c.refRank = rank
		} else {
			out[r.i] = uint64(rank)
		}
	}
	for i := range out {
		k := &at(int32(i)).k
		f := k.sortFields()
		evaluated, late, refRank := uint64(1), uint64(1), uint64(0)
		if k.whole != nil {
			refRank = out[i]
			if k.whole.IsUnevaluated() {
				evaluated = 0
			}
		} else {
			refRank = uint64(k.c.refRank)
		}
		if f.status == engine.Overdue {
			late = 0
		}
		due := uint64(math.MaxUint32) // none: last
		if !f.due.IsZero() {
			due = min(uint64(uint32(f.due)^1<<31), math.MaxUint32-1) // int32 order as uint32 order
		}
		out[i] = evaluated<<63 | late<<62 | due<<30 | refRank
	}
}

// compareKept is engine.Less as a three-way comparison, read from the packed fields, after the
// rows of cases that could not be evaluated. It reads the fields in place (a sort of the default
// listing of a national tree makes some three million comparisons): TestCompareKeptIsLess holds
// it to engine.Less.
func compareKept(a, b *Kept) int {
	if ua, ub := a.whole != nil && a.whole.IsUnevaluated(), b.whole != nil && b.whole.IsUnevaluated(); ua != ub {
		if ua {
			return -1
		}
		return 1
	}
	sa, sb := a.sortFields(), b.sortFields()
	if oa, ob := sa.status == engine.Overdue, sb.status == engine.Overdue; oa != ob {
		if oa {
			return -1
		}
		return 1
	}
	if sa.due != sb.due {
		switch {
		case sa.due.IsZero():
			return 1
		case sb.due.IsZero():
			return -1
		}
		return cmp.Compare(sa.due, sb.due)
	}
	if c := strings.Compare(sa.ref, sb.ref); c != 0 {
		return c
	}
	if c := strings.Compare(sa.rule, sb.rule); c != 0 {
		return c
	}
	if c := strings.Compare(sa.child, sb.child); c != 0 {
		return c
	}
	return cmp.Compare(sa.line, sb.line)
}

// sortFields are the fields of an obligation engine.Less reads.
type sortFields struct {
	status           engine.Status
	due              civil.Date
	ref, rule, child string
	line             int
}

func (k *Kept) sortFields() sortFields {
	if k.whole != nil {
		o := &k.whole.Obligation
		return sortFields{status: o.Status, due: o.Due, ref: o.Case, rule: o.Rule, child: o.Child, line: o.Anchor.Line}
	}
	return sortFields{status: engine.Statuses[k.status], due: k.due, ref: k.c.ref, rule: k.rule.ID, child: k.child, line: int(k.line)}
}

// sortKey is an obligation with just the fields engine.Less reads.
func (k *Kept) sortKey() engine.Obligation {
	f := k.sortFields()
	return engine.Obligation{Status: f.status, Due: f.due, Case: f.ref, Rule: f.rule, Child: f.child, Anchor: casefolder.Pos{Line: f.line}}
}

// All is every obligation kept, in order. Once adding is done it may be read any number of
// times; a read error stops it and is kept for Err.
func (s *Sorter) All(yield func(render.Item) bool) {
	s.each(func(k *Kept) bool { return yield(k.Item()) })
}

// Explained is every obligation kept, in order, with the text AddExplained kept beside it.
func (s *Sorter) Explained(yield func(render.Item, string) bool) {
	s.each(func(k *Kept) bool { return yield(k.Item(), k.why) })
}

// Group reads the obligations in order and gives each a group number (rank is called once for
// each, in order): Grouped has them by group, and within a group in this order. It is sorted in
// bounded memory as the Sorter is, in a Spill of half its budget: it fills while the Sorter's own
// buffer, just let go, may not be collected yet (at 5,000 cases this took the table's peak from
// some 120 to 100 MiB, for twice as many runs to merge).
func (s *Sorter) Group(rank func(render.Item) int) *Grouped {
	return s.group(func(k *Kept) int { return rank(k.Item()) }, false)
}

// GroupByWorker is Group by render.WorkerGroups: the due table's rows, each lead social worker's
// together. A case's packed obligations share its worker (Keep holds whole any that does not),
// so the group is worked out once a case, not from each row made whole: at 171,000 rows that
// was a fifth of a second of the table's serial end.
func (s *Sorter) GroupByWorker() *Grouped {
	// Numbered as render.WorkerGroups numbers them: 0 for a case not checked, then each worker
	// in the order of its first row.
	var groups []int // by worker number
	next := 0
	group := func(no uint32) int {
		for int(no) >= len(groups) {
			groups = append(groups, 0)
		}
		if groups[no] == 0 {
			next++
			groups[no] = next
		}
		return groups[no]
	}
	return s.group(func(k *Kept) int { // under the Sorter's lock
		if k.whole != nil {
			if k.whole.IsUnevaluated() {
				return 0
			}
			return group(s.workerNo(render.RowWorker(k.whole)))
		}
		return group(k.c.workerNo) // a packed row is never one not checked
	}, true)
}

// workerNo is the number of worker, given the first time it is asked (under the lock).
func (s *Sorter) workerNo(w render.Worker) uint32 {
	n, ok := s.workers[w]
	if !ok {
		n = uint32(len(s.workers))
		s.workers[w] = n
	}
	return n
}

// group is Group with rank reading the packed obligation. perCase says that rank gives a case's
// packed obligations one group, and may be asked once a case, at the case's first row.
func (s *Sorter) group(rank func(*Kept) int, perCase bool) *Grouped {
	g := &Grouped{s: s}
	if g.groupHeld(rank, perCase) {
		return g
	}
	g.sp = NewSpill(max(s.sp.budget/2, 1), lessGrouped, Codec[grouped]{
		Encode: func(b []byte, e *grouped) ([]byte, error) {
			return s.encode(binary.AppendUvarint(b, uint64(e.rank)), &e.sorted)
		},
		Decode: func(b []byte) (grouped, error) {
			d := &Decoder{B: b}
			r := d.Uvarint()
			if d.Bad {
				return grouped{}, errBadRecord
			}
			e, err := s.decode(d.B)
			return grouped{rank: uint32(r), sorted: e}, err
		},
	})
	var n uint64
	s.each(func(k *Kept) bool {
		e := grouped{rank: uint32(rank(k)), sorted: sorted{k: *k, seq: n}}
		e.k.why = "" // not shown by the table (Explained reads it from the Sorter)
		g.sp.Add(e)
		n++
		return true
	})
	return g
}

// groupHeld groups the obligations where they are, when the Sorter holds them all in memory: the
// group order is a list of their places in its buffer (four bytes an obligation, not a second
// copy of each), the groups' rows in the Sorter's order, as the Spill of Group gives them.
func (g *Grouped) groupHeld(rank func(*Kept) int, perCase bool) bool {
	s := g.s
	s.mu.Lock()
	defer s.mu.Unlock()
	at, order, ok := s.sp.Held()
	if !ok {
		return false
	}
	ranks := make([]uint32, 0, len(order))
	kept := make([]int32, 0, len(order))
	top := uint32(0)
	var byPlace []uint32
	if perCase {
		byPlace = s.rankByPlace(at, order, rank)
	}
	for _, i := range order {
		var r uint32
		if byPlace != nil {
			if r = byPlace[i]; r == dropped {
				continue
			}
		} else {
			if s.drop[at(i).k.id] {
				continue
			}
			r = uint32(rank(&at(i).k)) // as Group's Spill orders them
		}
		ranks = append(ranks, r)
		kept = append(kept, i)
		top = max(top, r)
	}
	g.held = at
	if int64(top) > int64(len(kept)) {
		// Group numbers beyond one a row (never from render.WorkerGroups): a stable sort.
		at := make([]int, len(kept))
		for j := range at {
			at[j] = j
		}
		slices.SortStableFunc(at, func(a, b int) int { return cmp.Compare(ranks[a], ranks[b]) })
		g.order = make([]int32, len(kept))
		for j, a := range at {
			g.order[j] = kept[a]
		}
		return true
	}
	// A counting sort by group, stable: the Sorter's order within each.
	start := make([]int, top+2)
	for _, r := range ranks {
		start[r+1]++
	}
	for r := 1; r < len(start); r++ {
		start[r] += start[r-1]
	}
	g.order = make([]int32, len(kept))
	for j, i := range kept {
		g.order[start[ranks[j]]] = i
		start[ranks[j]]++
	}
	return true
}

// dropped marks a place rankByPlace leaves out.
const dropped = math.MaxUint32

// rankByPlace is the group of each place in the buffer (dropped for a case dropped), rank
// asked once a case (and for each row held whole) in the order of each one's first row in
// order: the groups rank gives, as asking it of every row in order would. The rows are read in
// the buffer's order, where a case's rows lie together, and order only as places: reading
// 171,000 rows in sorted order, each through its case, was most of the grouping's time.
func (s *Sorter) rankByPlace(at func(int32) *sorted, order []int32, rank func(*Kept) int) []uint32 {
	pos := make([]int32, len(order))
	for j, i := range order {
		pos[i] = int32(j)
	}
	// Each case's first row in order (kept on the case), and each whole row: the rows to ask
	// rank of.
	s.groupings++
	type first struct {
		pos, at int32
	}
	var firsts []first
	byPlace := make([]uint32, len(order))
	for i := range int32(len(order)) {
		k := &at(i).k
		switch {
		case s.drop[k.id]:
			byPlace[i] = dropped
		case k.whole != nil:
			firsts = append(firsts, first{pos[i], i})
		case k.c.grouping != s.groupings:
			k.c.grouping, k.c.first = s.groupings, int32(len(firsts))
			firsts = append(firsts, first{pos[i], i})
		case pos[i] < firsts[k.c.first].pos:
			firsts[k.c.first] = first{pos[i], i}
		}
	}
	slices.SortFunc(firsts, func(a, b first) int { return cmp.Compare(a.pos, b.pos) })
	for _, f := range firsts {
		k := &at(f.at).k
		r := uint32(rank(k))
		byPlace[f.at] = r
		if k.whole == nil {
			k.c.group = r
		}
	}
	for i := range int32(len(order)) {
		if k := &at(i).k; byPlace[i] != dropped && k.whole == nil {
			byPlace[i] = k.c.group
		}
	}
	return byPlace
}

// Grouped are a Sorter's obligations by group (Sorter.Group), read as many times as needed: the
// rows of the due table, a lead social worker's together. They carry no explanations.
type Grouped struct {
	s  *Sorter
	sp *Spill[grouped] // when the Sorter spilled
	// when it did not: its buffer, and the places in it in group order
	held  func(int32) *sorted
	order []int32
}

type grouped struct {
	rank uint32
	sorted
}

func lessGrouped(a, b *grouped) int {
	if c := cmp.Compare(a.rank, b.rank); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// All is every obligation, by group. A read error stops it and is kept for Err.
func (g *Grouped) All(yield func(render.Item) bool) {
	if g.sp == nil {
		for _, i := range g.order {
			if !yield(g.held(i).k.Item()) {
				return
			}
		}
		return
	}
	g.sp.Each(func(e *grouped) bool { return yield(e.k.Item()) })
}

// Indexed is the obligations by group read by place (render.Indexed), when the Sorter held
// them all: the due table then makes each row on the core that works out its cells.
func (g *Grouped) Indexed() (render.Indexed, bool) {
	if g.sp != nil {
		return nil, false
	}
	return heldGroups{g}, true
}

type heldGroups struct{ *Grouped }

func (h heldGroups) Len() int             { return len(h.order) }
func (h heldGroups) At(i int) render.Item { return h.held(h.order[i]).k.Item() }

// Err is the first error writing or reading the temporary file, here or in the Sorter read.
func (g *Grouped) Err() error {
	if g.sp == nil {
		return g.s.Err()
	}
	return cmp.Or(g.s.Err(), g.sp.Err())
}

// Close removes the temporary file and its folder.
func (g *Grouped) Close() error {
	if g.sp == nil {
		return nil
	}
	return g.sp.Close()
}

// each is every obligation kept, in order.
func (s *Sorter) each(yield func(*Kept) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sp.Each(func(e *sorted) bool { return s.drop[e.k.id] || yield(&e.k) })
}

// Items is every obligation, in order, in one slice (for tests).
func (s *Sorter) Items() []render.Item {
	out := make([]render.Item, 0, s.Len())
	for it := range s.All {
		out = append(out, it)
	}
	return out
}

// encode is one record of a run: the case and rule by their number in this Sorter, the rest as
// written.
func (s *Sorter) encode(b []byte, e *sorted) ([]byte, error) {
	k := &e.k
	b = binary.AppendUvarint(b, e.seq)
	b = binary.AppendUvarint(b, uint64(k.id))
	if k.whole != nil {
		it := k.whole
		o := it.Obligation
		if o.Basis != nil {
			return nil, errors.New("sorting: an explained obligation cannot be written to disk")
		}
		b = append(b, 1)
		for _, str := range []string{o.Case, o.Team, o.Worker, o.Policy, o.Rule, o.Title, o.Label, o.Cite, o.Child, string(o.Status), o.Anchor.File, o.Detail,
			it.ChildLabel, it.Staff, it.WorkerLabel, it.ActionText, it.ActionOwner, it.Folder} {
			b = AppendString(b, str)
		}
		for _, d := range []civil.Date{o.Due, o.Limit, o.Met, o.Booked, o.End} {
			b = binary.AppendVarint(b, int64(d))
		}
		for _, n := range []int{o.Days, o.Anchor.Line, o.Anchor.Col, o.Period, it.WorkingDays} {
			b = binary.AppendVarint(b, int64(n))
		}
		b = append(b, flags(o.HasDays, o.BookedLate), flags(o.OverLimit, it.Limited))
		return AppendString(b, k.why), nil
	}
	b = append(b, 0)
	b = binary.AppendUvarint(b, uint64(s.ruleID[k.rule]))
	b = AppendString(b, k.child)
	b = AppendString(b, k.label)
	b = AppendString(b, k.detail)
	if k.action != nil {
		b = append(b, 1)
		b = AppendString(b, k.action.text)
		b = AppendString(b, k.action.owner)
	} else {
		b = append(b, 0)
	}
	for _, d := range []civil.Date{k.due, k.met, k.booked, k.end} {
		b = binary.AppendVarint(b, int64(d))
	}
	for _, n := range []int32{k.days, k.line, k.col, k.wd, k.per} {
		b = binary.AppendVarint(b, int64(n))
	}
	b = append(b, k.file, k.status, flags(k.hasDays, k.bookedLate))
	return AppendString(b, k.why), nil
}

func (s *Sorter) decode(rec []byte) (sorted, error) {
	d := &Decoder{B: rec}
	var e sorted
	e.seq = d.Uvarint()
	id := d.Uvarint()
	if id >= uint64(len(s.cases)) {
		return e, errBadRecord
	}
	k := &e.k
	k.id = uint32(id)
	if d.Byte() == 1 {
		var it render.Item
		o := &it.Obligation
		var status string
		for _, p := range []*string{&o.Case, &o.Team, &o.Worker, &o.Policy, &o.Rule, &o.Title, &o.Label, &o.Cite, &o.Child, &status, &o.Anchor.File, &o.Detail,
			&it.ChildLabel, &it.Staff, &it.WorkerLabel, &it.ActionText, &it.ActionOwner, &it.Folder} {
			*p = d.Str()
		}
		o.Status = engine.Status(status)
		for _, p := range []*civil.Date{&o.Due, &o.Limit, &o.Met, &o.Booked, &o.End} {
			*p = civil.Date(d.Varint())
		}
		for _, p := range []*int{&o.Days, &o.Anchor.Line, &o.Anchor.Col, &o.Period, &it.WorkingDays} {
			*p = int(d.Varint())
		}
		o.HasDays, o.BookedLate = unflags(d.Byte())
		o.OverLimit, it.Limited = unflags(d.Byte())
		k.why = d.Str()
		k.whole = &it
		return e, d.Err()
	}
	r := d.Uvarint()
	if r >= uint64(len(s.rules)) || s.cases[id] == nil {
		return e, errBadRecord
	}
	k.c, k.rule = s.cases[id], s.rules[r]
	k.child, k.label, k.detail = d.Str(), d.Str(), d.Str()
	if d.Byte() == 1 {
		k.action = &keptAction{text: d.Str(), owner: d.Str()}
	}
	for _, p := range []*civil.Date{&k.due, &k.met, &k.booked, &k.end} {
		*p = civil.Date(d.Varint())
	}
	for _, p := range []*int32{&k.days, &k.line, &k.col, &k.wd, &k.per} {
		*p = int32(d.Varint())
	}
	k.file, k.status = d.Byte(), d.Byte()
	k.hasDays, k.bookedLate = unflags(d.Byte())
	k.why = d.Str()
	if int(k.file) >= len(k.c.files) || int(k.status) >= len(engine.Statuses) {
		d.Bad = true
	}
	return e, d.Err()
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
