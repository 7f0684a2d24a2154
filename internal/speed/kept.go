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
	child, label, detail     string
	due, met, booked, end    civil.Date
	days, line, col, wd, per int32
	file, status             uint8
	hasDays, bookedLate      bool
}

// keptCase is what the obligations of one case have in common.
type keptCase struct {
	ref, team, worker, policy string
	files                     []string // the files their anchors are in
}

// Whole reports whether k is held whole, not packed.
func (k *Kept) Whole() bool { return k.whole != nil }

// Item gives the obligation back.
func (k *Kept) Item() render.Item {
	if k.whole != nil {
		return *k.whole
	}
	return render.Item{
		Obligation: engine.Obligation{
			Case: k.c.ref, Team: k.c.team, Worker: k.c.worker, Policy: k.c.policy,
			Rule: k.rule.ID, Title: k.rule.Title, Label: k.rule.Label, Cite: k.rule.Cite, Child: k.child,
			Due: k.due, Status: engine.Statuses[k.status], Met: k.met, Days: int(k.days), HasDays: k.hasDays,
			Booked: k.booked, BookedLate: k.bookedLate,
			Anchor: casefolder.Pos{File: k.c.files[k.file], Line: int(k.line), Col: int(k.col)},
			Detail: k.detail, Period: int(k.per), End: k.end,
		},
		ChildLabel: k.label, WorkingDays: int(k.wd),
	}
}

// Keep packs one case's items, each checked to unpack to exactly itself (else held whole).
func Keep(items []render.Item, p *policy.Policy) []Kept {
	if len(items) == 0 {
		return nil
	}
	o := items[0].Obligation
	c := &keptCase{ref: o.Case, team: o.Team, worker: o.Worker, policy: o.Policy}
	out := make([]Kept, len(items))
	for i, it := range items {
		o := it.Obligation
		k := Kept{c: c, rule: p.Rule(o.Rule), child: o.Child, label: it.ChildLabel, detail: o.Detail,
			due: o.Due, met: o.Met, booked: o.Booked, end: o.End, days: int32(o.Days), line: int32(o.Anchor.Line),
			col: int32(o.Anchor.Col), wd: int32(it.WorkingDays), per: int32(o.Period), hasDays: o.HasDays, bookedLate: o.BookedLate}
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

// Shown are the obligations to print, in order: All[order[i]] is the i-th.
type Shown struct {
	All   []Kept
	order []int32
}

// Sort orders the obligations by engine.Less, ties in the order they were found (path order,
// then rule order): a stable sort, done on indexes so that the records themselves never move.
func (s *Shown) Sort() {
	s.order = make([]int32, len(s.All))
	for i := range s.order {
		s.order[i] = int32(i)
	}
	slices.SortFunc(s.order, func(i, j int32) int {
		a, b := s.All[i].Item(), s.All[j].Item()
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

// Table is render.DueTable of the obligations without colour, built a thousand rows at a time
// so that the items are never all unpacked at once beside their rows.
func (s *Shown) Table() render.Table {
	t := render.DueTable(nil)
	t.Color = nil
	t.Rows = make([][]string, 0, len(s.order))
	chunk := make([]render.Item, 0, 1024)
	for i := 0; i < len(s.order); i += cap(chunk) {
		chunk = chunk[:0]
		for j := i; j < min(i+cap(chunk), len(s.order)); j++ {
			chunk = append(chunk, s.At(j))
		}
		t.Rows = append(t.Rows, render.DueTable(chunk).Rows...)
	}
	return t
}
