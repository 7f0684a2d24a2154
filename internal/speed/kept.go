package speed

import (
	"cmp"
	"slices"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
)

// Kept is one obligation to show, held compactly from evaluation to output: a national tree's
// default listing is some 170,000 of them, --all's millions, and a render.Item is 272 bytes. What
// a case's obligations share is held once per case (keptCase) and a rule's id, title and citation
// once, in the policy; an item the compact fields cannot give back exactly is held whole.
type Kept struct {
	c                        *keptCase
	rule                     *policy.Rule
	whole                    *render.Item
	action                   *keptAction // nil but for an obligation about an action
	child, label, detail     string
	why                      string // with --explain: how its due date was worked out, in short
	due, met, booked, end    civil.Date
	days, line, col, wd, per int32
	id                       uint32 // the case's number in a Sorter
	file, status             uint8
	hasDays, bookedLate      bool
}

// keptAction is an action's text and owner, for the few obligations about one.
type keptAction struct{ text, owner string }

// keptCase is what the obligations of one case have in common.
type keptCase struct {
	ref, team, worker, policy string
	staff, workerLabel        string
	files                     []string // the files their anchors are in
	// Worked out by the Sorter while it sorts and groups (under its lock), once a case:
	mark, refRank uint32 // the sort that ranked ref last (Sorter.sortKeys), and ref's place in it
	workerNo      uint32 // its worker's number in the Sorter (Sorter.workerNo)
	// Where the grouping that marked it last (Sorter.rankByPlace) keeps its first row, and its
	// group.
	grouping, group uint32
	first           int32
}

// Whole reports whether k is held whole, not packed.
func (k *Kept) Whole() bool { return k.whole != nil }

// Item gives the obligation back.
func (k *Kept) Item() render.Item {
	if k.whole != nil {
		return *k.whole
	}
	it := render.Item{
		Obligation: engine.Obligation{
			Case: k.c.ref, Team: k.c.team, Worker: k.c.worker, Policy: k.c.policy,
			Rule: k.rule.ID, Title: k.rule.Title, Label: k.rule.Label, Cite: k.rule.Cite, Child: k.child,
			Due: k.due, Status: engine.Statuses[k.status], Met: k.met, Days: int(k.days), HasDays: k.hasDays,
			Booked: k.booked, BookedLate: k.bookedLate,
			Anchor: casefolder.Pos{File: k.c.files[k.file], Line: int(k.line), Col: int(k.col)},
			Detail: k.detail, Period: int(k.per), End: k.end,
		},
		ChildLabel: k.label, WorkingDays: int(k.wd), Staff: k.c.staff, WorkerLabel: k.c.workerLabel,
	}
	if k.action != nil {
		it.ActionText, it.ActionOwner = k.action.text, k.action.owner
	}
	return it
}

// Keep packs one case's items, each checked to unpack to exactly itself (else held whole).
func Keep(items []render.Item, p *policy.Policy) []Kept {
	if len(items) == 0 {
		return nil
	}
	o := items[0].Obligation
	c := &keptCase{ref: o.Case, team: o.Team, worker: o.Worker, policy: o.Policy, staff: items[0].Staff, workerLabel: items[0].WorkerLabel}
	out := make([]Kept, len(items))
	for i, it := range items {
		o := it.Obligation
		k := Kept{c: c, rule: p.Rule(o.Rule), child: o.Child, label: it.ChildLabel, detail: o.Detail,
			due: o.Due, met: o.Met, booked: o.Booked, end: o.End, days: int32(o.Days), line: int32(o.Anchor.Line),
			col: int32(o.Anchor.Col), wd: int32(it.WorkingDays), per: int32(o.Period), hasDays: o.HasDays, bookedLate: o.BookedLate}
		if it.ActionText != "" || it.ActionOwner != "" {
			k.action = &keptAction{it.ActionText, it.ActionOwner}
		}
		status, file := slices.Index(engine.Statuses, o.Status), slices.Index(c.files, o.Anchor.File)
		if file < 0 && len(c.files) < 256 {
			c.files = append(c.files, o.Anchor.File)
			file = len(c.files) - 1
		}
		k.status, k.file = uint8(status), uint8(file)
		if k.rule == nil || status < 0 || file < 0 || k.Item() != it {
			whole := it
			k = Kept{whole: &whole}
		}
		out[i] = k
	}
	return out
}

// KeepWhole holds an item as it is: for the few that are not a policy's obligations (a case that
// could not be evaluated).
func KeepWhole(it render.Item) Kept { return Kept{whole: &it} }

// Shown are packed obligations held in memory and sorted there (All[order[i]] is the i-th): the
// benchmarks' measure of the packed form. due itself reads them from a Sorter.
type Shown struct {
	All   []Kept
	order []int32
}

// Sort orders the obligations by engine.Less, after the cases that could not be evaluated, ties
// in the order they were found (path order, then rule order): a stable sort, done on indexes so
// that the records themselves never move.
func (s *Shown) Sort() {
	s.order = make([]int32, len(s.All))
	for i := range s.order {
		s.order[i] = int32(i)
	}
	slices.SortFunc(s.order, func(i, j int32) int {
		a, b := s.All[i].Item(), s.All[j].Item()
		if ua, ub := a.IsUnevaluated(), b.IsUnevaluated(); ua != ub {
			if ua {
				return -1
			}
			return 1
		}
		switch {
		case engine.Less(a.Obligation, b.Obligation):
			return -1
		case engine.Less(b.Obligation, a.Obligation):
			return 1
		}
		return cmp.Compare(i, j)
	})
}

// Len is the number of obligations, once sorted.
func (s *Shown) Len() int { return len(s.order) }

// At is the i-th obligation in order.
func (s *Shown) At(i int) render.Item { return s.All[s.order[i]].Item() }

// Items is every obligation as a render.Item, for the renderers that take them all at once.
func (s *Shown) Items() []render.Item {
	out := make([]render.Item, len(s.order))
	for i := range out {
		out[i] = s.At(i)
	}
	return out
}

// Permute reorders the obligations: the i-th is now the order[i]-th of before.
func (s *Shown) Permute(order []int) {
	next := make([]int32, len(order))
	for i, j := range order {
		next[i] = s.order[j]
	}
	s.order = next
}
