package changes

import (
	"cmp"
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"unsafe"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/speed"
)

// Record is one line of the movement as the outputs print it: a case listed (Seq 0: its folder
// and what happened to it as a whole), or one of its movements (Seq 1 on, in sortMovements
// order). It holds what the table, JSON and CSV print and nothing else: no explanation, no
// basis, no obligation of the case that did not move.
type Record struct {
	Ref   string
	Index int // the case folder's place in path order: a tie-break, and what Drop names
	Seq   int

	// The case (Seq 0).
	Folder                                                     string
	Added, Removed, Failed, FixedSince, PlanStarted, PlanEnded bool

	// The movement (Seq 1 on).
	Kind                       Kind
	Newly                      bool // NewlyOverdue
	Rule, Title, Child, Detail string
	Period                     int
	Before, After              State
	Files                      []string
	Commits                    []uint32 // numbers into the Movements' commits
	Uncommitted                bool
}

// State is an obligation as a movement shows it, then or now.
type State struct {
	Has              bool // false: it was not there then (appeared), or is not now (disappeared)
	Status           engine.Status
	Due, Met, Booked civil.Date
	Anchor           string // as the JSON gives it: relative to the top of the repository when known
}

func stateOf(o *engine.Obligation, rel func(string) string) State {
	if o == nil {
		return State{}
	}
	return State{Has: true, Status: o.Status, Due: o.Due, Met: o.Met, Booked: o.Booked, Anchor: anchorText(o, rel)}
}

// Size is about how many bytes the record takes in memory, for the Spill's budget.
func (r *Record) Size() int {
	n := int(unsafe.Sizeof(*r)) + len(r.Ref) + len(r.Folder) + len(r.Rule) + len(r.Title) + len(r.Child) + len(r.Detail) +
		len(r.Before.Anchor) + len(r.After.Anchor) + 4*len(r.Commits)
	for _, f := range r.Files {
		n += 16 + len(f)
	}
	return n
}

// MoveBudget is how many bytes of records Movements holds in memory before it sorts them into
// runs on disk (some 500 bytes a record: about 16,000 of a national tree's 80,000). The tests
// lower it.
var MoveBudget = 8 << 20

// Movements is the movement of many cases in bounded memory, in the order the outputs print
// it: by case reference, each case's own record first, then its movements as sortMovements
// orders them. The records go to a speed.Spill (held up to MoveBudget, the rest sorted in runs
// in a private temporary file and merged as they are read); what the summary counts is counted
// as they are added. Add and Drop are safe for concurrent use; read with Each once adding is
// done, as often as needed.
type Movements struct {
	From        history.Commit
	Since, AsOf civil.Date

	mu       sync.Mutex
	sp       *speed.Spill[Record]
	commits  []history.Commit
	commitID map[string]uint32
	counts   map[int]count // of each case folder added, by Index
	drop     map[int]bool
	total    count
}

// count is what the summary says of the cases: how many are listed, their movements and how
// many of those are newly overdue.
type count struct{ cases, moves, newly int }

func (c *count) add(d count, sign int) {
	c.cases += sign * d.cases
	c.moves += sign * d.moves
	c.newly += sign * d.newly
}

// NewMovements is an empty listing of the movement from commit from (evaluated as of since) to
// now (as of asOf).
func NewMovements(from history.Commit, since, asOf civil.Date) *Movements {
	m := &Movements{From: from, Since: since, AsOf: asOf, commitID: map[string]uint32{}, counts: map[int]count{}, drop: map[int]bool{}}
	m.sp = speed.NewSpill(MoveBudget, compareRecords, speed.Codec[Record]{Encode: m.encode, Decode: m.decode})
	m.sp.Weigh((*Record).Size)
	return m
}

func compareRecords(a, b *Record) int {
	return cmp.Or(strings.Compare(a.Ref, b.Ref), cmp.Compare(a.Index, b.Index), cmp.Compare(a.Seq, b.Seq))
}

// Add lists one case (compared: CompareCase, Gone, or a CaseChanges of a Report) found at index
// in path order; beforeRel and afterRel give its anchors relative to the top of the repository
// (nil: as they are).
func (m *Movements) Add(index int, cc CaseChanges, beforeRel, afterRel func(string) string) {
	recs := make([]Record, 0, 1+len(cc.Movements))
	recs = append(recs, Record{Ref: cc.Ref, Index: index, Folder: cc.Folder, Added: cc.Added, Removed: cc.Removed, Failed: cc.Failed,
		FixedSince: cc.FixedSince, PlanStarted: cc.PlanStarted, PlanEnded: cc.PlanEnded})
	c := count{cases: 1, moves: len(cc.Movements)}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, mv := range cc.Movements {
		ob := mv.Obligation()
		r := Record{Ref: cc.Ref, Index: index, Seq: 1 + i, Kind: mv.Kind, Newly: mv.NewlyOverdue(),
			Rule: ob.Rule, Title: ob.Title, Child: ob.Child, Detail: ob.Detail, Period: ob.Period,
			Before: stateOf(mv.Before, beforeRel), After: stateOf(mv.After, afterRel), Files: mv.Files, Uncommitted: mv.Uncommitted}
		for _, cm := range mv.Commits {
			id, ok := m.commitID[cm.Hash]
			if !ok {
				id = uint32(len(m.commits))
				m.commitID[cm.Hash] = id
				m.commits = append(m.commits, cm)
			}
			r.Commits = append(r.Commits, id)
		}
		if r.Newly {
			c.newly++
		}
		recs = append(recs, r)
	}
	for _, r := range recs {
		m.sp.Add(r)
	}
	m.counts[index] = c
	m.total.add(c, 1)
}

// Drop leaves out the case added at index (a folder whose reference a later one stands for).
func (m *Movements) Drop(index int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.counts[index]; ok && !m.drop[index] {
		m.drop[index] = true
		m.total.add(c, -1)
	}
}

// Cases is how many cases are listed.
func (m *Movements) Cases() int { return m.total.cases }

// Changes is how many movements are listed.
func (m *Movements) Changes() int { return m.total.moves }

// NewlyOverdue counts the movements that are newly overdue.
func (m *Movements) NewlyOverdue() int { return m.total.newly }

// Each is every record, in order (a case dropped left out). A read error stops it and is kept
// for Err.
func (m *Movements) Each(yield func(*Record) bool) {
	m.sp.Each(func(r *Record) bool {
		if m.drop[r.Index] {
			return true
		}
		return yield(r)
	})
}

// Commits are the commits behind a movement.
func (m *Movements) Commits(r *Record) []history.Commit {
	out := make([]history.Commit, 0, len(r.Commits))
	for _, id := range r.Commits {
		out = append(out, m.commits[id])
	}
	return out
}

// Spilled reports whether some records are on disk.
func (m *Movements) Spilled() bool { return m.sp.Spilled() }

// Err is the first error writing or reading the temporary file.
func (m *Movements) Err() error { return m.sp.Err() }

// Close removes the temporary file.
func (m *Movements) Close() error { return m.sp.Close() }

// Records in a run: the fields in order, strings with their lengths, flags in one number.

const (
	recAdded = 1 << iota
	recRemoved
	recFailed
	recFixedSince
	recPlanStarted
	recPlanEnded
	recNewly
	recUncommitted
	recBefore
	recAfter
)

func (m *Movements) encode(b []byte, r *Record) ([]byte, error) {
	var f uint64
	for i, on := range [...]bool{r.Added, r.Removed, r.Failed, r.FixedSince, r.PlanStarted, r.PlanEnded, r.Newly, r.Uncommitted, r.Before.Has, r.After.Has} {
		if on {
			f |= 1 << i // the flags above, in their order
		}
	}
	b = speed.AppendString(b, r.Ref)
	b = binary.AppendVarint(b, int64(r.Index))
	b = binary.AppendUvarint(b, uint64(r.Seq))
	b = binary.AppendUvarint(b, f)
	for _, s := range []string{r.Folder, string(r.Kind), r.Rule, r.Title, r.Child, r.Detail} {
		b = speed.AppendString(b, s)
	}
	b = binary.AppendVarint(b, int64(r.Period))
	for _, s := range []*State{&r.Before, &r.After} {
		if s.Has {
			b = speed.AppendString(b, string(s.Status))
			for _, d := range []civil.Date{s.Due, s.Met, s.Booked} {
				b = binary.AppendVarint(b, int64(d))
			}
			b = speed.AppendString(b, s.Anchor)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(r.Files)))
	for _, s := range r.Files {
		b = speed.AppendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Commits)))
	for _, id := range r.Commits {
		b = binary.AppendUvarint(b, uint64(id))
	}
	return b, nil
}

var errBadRecord = errors.New("changes: a temporary record could not be read back")

func (m *Movements) decode(b []byte) (Record, error) {
	d := &speed.Decoder{B: b}
	var r Record
	r.Ref = d.Str()
	r.Index = int(d.Varint())
	r.Seq = int(d.Uvarint())
	f := d.Uvarint()
	r.Added, r.Removed, r.Failed, r.FixedSince = f&recAdded != 0, f&recRemoved != 0, f&recFailed != 0, f&recFixedSince != 0
	r.PlanStarted, r.PlanEnded, r.Newly, r.Uncommitted = f&recPlanStarted != 0, f&recPlanEnded != 0, f&recNewly != 0, f&recUncommitted != 0
	r.Before.Has, r.After.Has = f&recBefore != 0, f&recAfter != 0
	r.Folder, r.Kind, r.Rule = d.Str(), Kind(d.Str()), d.Str()
	r.Title, r.Child, r.Detail = d.Str(), d.Str(), d.Str()
	r.Period = int(d.Varint())
	for _, s := range []*State{&r.Before, &r.After} {
		if s.Has {
			s.Status = engine.Status(d.Str())
			s.Due, s.Met, s.Booked = civil.Date(d.Varint()), civil.Date(d.Varint()), civil.Date(d.Varint())
			s.Anchor = d.Str()
		}
	}
	n := d.Uvarint()
	if n > uint64(len(d.B)) {
		return Record{}, errBadRecord
	}
	for range n {
		r.Files = append(r.Files, d.Str())
	}
	n = d.Uvarint()
	if n > uint64(len(d.B)) {
		return Record{}, errBadRecord
	}
	for range n {
		id := d.Uvarint()
		if id >= uint64(len(m.commits)) {
			d.Bad = true
		}
		r.Commits = append(r.Commits, uint32(id))
	}
	if d.Bad || len(d.B) != 0 {
		return Record{}, errBadRecord
	}
	return r, nil
}
