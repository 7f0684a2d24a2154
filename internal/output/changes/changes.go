// Package changes compares two evaluations of the same case folders (an earlier state read from
// git, and now) and lists the movement: obligations that appeared, disappeared, became overdue,
// were met or moved date, grouped by case, each with the commits that changed the records behind
// it. Comparing is pure; the renderers write a table, JSON and CSV.
package changes

import (
	"sort"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// Kind is what happened to an obligation.
type Kind string

// Kinds, in the order a review reads them.
const (
	BecameOverdue Kind = "overdue"     // overdue or missed now, not then
	WasMet        Kind = "met"         // met (on time or late) now, not then
	Moved         Kind = "moved"       // its due date changed
	Appeared      Kind = "appeared"    // not there then
	Disappeared   Kind = "disappeared" // not there now
)

// Kinds lists every kind in report order.
var Kinds = []Kind{BecameOverdue, WasMet, Moved, Appeared, Disappeared}

// Case is one case as an evaluation saw it.
type Case struct {
	Ref         string
	Folder      string // the case folder, relative to the top of the repository
	Failed      bool   // it did not load (its findings are reported by the loader)
	OnPlan      bool   // a child protection plan runs on the as-of date
	Obligations []engine.Obligation
}

// Snapshot is an evaluation of a tree.
type Snapshot struct {
	AsOf  civil.Date
	Cases []Case
	// Rel turns a file named in an obligation's positions into a path relative to the top of
	// the repository, the form the history uses.
	Rel func(file string) string
}

// Movement is one obligation's change.
type Movement struct {
	Kind        Kind
	Case        string
	Before      *engine.Obligation // nil when it appeared
	After       *engine.Obligation // nil when it disappeared
	Files       []string           // the record files behind it, relative to the top of the repository
	Commits     []history.Commit   // the commits since then that changed those files, newest first
	Uncommitted bool               // one of those files has changes not yet committed
}

// Obligation is the obligation as it is now, or as it was when it has disappeared.
func (m Movement) Obligation() engine.Obligation {
	if m.After != nil {
		return *m.After
	}
	return *m.Before
}

// NewlyOverdue reports an obligation overdue (or missed) now that was not then: one that became
// overdue, or appeared overdue.
func (m Movement) NewlyOverdue() bool {
	return m.After != nil && bad(m.After.Status) && (m.Before == nil || !bad(m.Before.Status))
}

func bad(s engine.Status) bool  { return s == engine.Overdue || s == engine.Missed }
func done(s engine.Status) bool { return s == engine.Met || s == engine.Late }

// CaseChanges is the movement in one case.
type CaseChanges struct {
	Ref     string
	Folder  string
	Added   bool // the case folder is new since then
	Removed bool // the case folder is gone
	Failed  bool // the case does not load now: nothing compared
	// FixedSince: the case had errors then and loads now; what it has to do is listed as new.
	FixedSince bool
	// The plan: started (not running then, running now) or ended (running then, not now).
	PlanStarted, PlanEnded bool
	Movements              []Movement
}

// Report is the movement between two snapshots.
type Report struct {
	From  history.Commit
	Since civil.Date // the as-of date of the earlier evaluation
	AsOf  civil.Date // the as-of date of the evaluation now
	Cases []CaseChanges
}

// New compares the snapshots: before is the tree at commit from, after is now.
func New(from history.Commit, before, after Snapshot, log *history.Log) *Report {
	return &Report{From: from, Since: before.AsOf, AsOf: after.AsOf, Cases: Compare(before, after, log)}
}

// NewlyOverdue counts the movements that are newly overdue.
func (r *Report) NewlyOverdue() int {
	n := 0
	for _, c := range r.Cases {
		for _, m := range c.Movements {
			if m.NewlyOverdue() {
				n++
			}
		}
	}
	return n
}

// Movements lists the report's movement as the outputs read it (beforeRel and afterRel give
// the anchors relative to the top of the repository; nil: as they are). Close it when done.
func (r *Report) Movements(beforeRel, afterRel func(string) string) *Movements {
	m := NewMovements(r.From, r.Since, r.AsOf)
	for i, c := range r.Cases {
		m.Add(i, c, beforeRel, afterRel)
	}
	return m
}

// Compare lists the movement from before to after, with the commits of log behind each one.
// Only cases with movement (or added, removed, or failing) are listed, in case order; of a case
// added or removed, the obligations met (on time or late) are left out.
func Compare(before, after Snapshot, log *history.Log) []CaseChanges {
	old := byRef(before.Cases)
	now := byRef(after.Cases)
	refs := map[string]bool{}
	for r := range old {
		refs[r] = true
	}
	for r := range now {
		refs[r] = true
	}
	var out []CaseChanges
	for ref := range refs {
		if cc, ok := compareCase(ref, old[ref], now[ref], before.Rel, after.Rel, log); ok {
			out = append(out, cc)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ref < out[j].Ref })
	return out
}

// compareCase is the movement of one case from o (then; nil if it was not there) to n (now; nil
// if it is gone), and whether there is any to list.
func compareCase(ref string, o, n *Case, beforeRel, afterRel func(string) string, log *history.Log) (CaseChanges, bool) {
	cc := CaseChanges{Ref: ref}
	switch {
	case o == nil:
		cc.Added, cc.Folder = true, n.Folder
	case n == nil:
		cc.Removed, cc.Folder = true, o.Folder
	default:
		cc.Folder = n.Folder
	}
	if n != nil && n.Failed || n == nil && o.Failed {
		cc.Failed = true
		return cc, true
	}
	if o != nil && o.Failed {
		cc.FixedSince, o = true, nil
	}
	// A case added or removed says so itself.
	cc.PlanStarted = o != nil && n != nil && n.OnPlan && !o.OnPlan
	cc.PlanEnded = o != nil && n != nil && o.OnPlan && !n.OnPlan
	var ob, nb []engine.Obligation
	if o != nil {
		ob = o.Obligations
	}
	if n != nil {
		nb = n.Obligations
	}
	for _, m := range diff(ob, nb) {
		// A case added or removed brings or takes its whole history: of that, only what is
		// still to do is movement.
		if ((cc.Added || cc.FixedSince) && done(m.After.Status)) || (cc.Removed && done(m.Before.Status)) {
			continue
		}
		m.Case = ref
		m.Files, m.Commits, m.Uncommitted = recordsBehind(m, beforeRel, afterRel, log)
		cc.Movements = append(cc.Movements, m)
	}
	if len(cc.Movements) > 0 || cc.Added || cc.Removed || cc.FixedSince || cc.PlanStarted || cc.PlanEnded {
		sortMovements(cc.Movements)
		return cc, true
	}
	return cc, false
}

func byRef(cs []Case) map[string]*Case {
	m := map[string]*Case{}
	for i := range cs {
		m[cs[i].Ref] = &cs[i]
	}
	return m
}

// group is what two states of one obligation share: its case, rule, child and plan period.
type group struct {
	rule, child string
	period      int
}

// diff pairs the obligations of one case. Within a group (rule, child, period), obligations with
// the same detail ("since 2026-10-20", "core group 2026-06-24") pair first, in order; those left
// pair in order (a chain link whose anchor moved); any left after that appeared or disappeared.
func diff(before, after []engine.Obligation) []Movement {
	type slot struct {
		obs  []engine.Obligation
		used []bool
	}
	groups := func(obs []engine.Obligation) (map[group]*slot, []group) {
		m := map[group]*slot{}
		var order []group
		for _, o := range obs {
			g := group{o.Rule, o.Child, o.Period}
			if m[g] == nil {
				m[g] = &slot{}
				order = append(order, g)
			}
			m[g].obs = append(m[g].obs, o)
			m[g].used = append(m[g].used, false)
		}
		return m, order
	}
	old, oldOrder := groups(before)
	now, nowOrder := groups(after)
	var out []Movement
	pair := func(a, b *engine.Obligation) {
		if m, ok := classify(a, b); ok {
			out = append(out, m)
		}
	}
	for _, g := range nowOrder {
		n, o := now[g], old[g]
		if o != nil {
			for i := range n.obs {
				for j := range o.obs {
					if !o.used[j] && o.obs[j].Detail == n.obs[i].Detail {
						n.used[i], o.used[j] = true, true
						pair(&o.obs[j], &n.obs[i])
						break
					}
				}
			}
			j := 0
			for i := range n.obs {
				if n.used[i] {
					continue
				}
				for j < len(o.obs) && o.used[j] {
					j++
				}
				if j == len(o.obs) {
					break
				}
				n.used[i], o.used[j] = true, true
				pair(&o.obs[j], &n.obs[i])
			}
		}
		for i := range n.obs {
			if !n.used[i] {
				pair(nil, &n.obs[i])
			}
		}
	}
	for _, g := range oldOrder {
		o := old[g]
		for j := range o.obs {
			if !o.used[j] {
				pair(&o.obs[j], nil)
			}
		}
	}
	return out
}

// classify says what changed between two states of an obligation, if anything a review reads:
// met, became overdue, due date moved. A change of status that only time brings within the
// horizon (open to due) is not movement.
func classify(before, after *engine.Obligation) (Movement, bool) {
	m := Movement{Before: before, After: after}
	switch {
	case before == nil:
		m.Kind = Appeared
	case after == nil:
		m.Kind = Disappeared
	case done(after.Status) && !done(before.Status):
		m.Kind = WasMet
	case bad(after.Status) && !bad(before.Status):
		m.Kind = BecameOverdue
	case before.Due != after.Due:
		m.Kind = Moved
	default:
		return m, false
	}
	return m, true
}

// place is a record behind a movement: its file relative to the top of the repository, and
// where it starts; now says whether it is in the tree of now (else in the earlier one).
type place struct {
	file      string
	line, col int
	now       bool
}

// recordsBehind finds the records behind a movement and the commits that changed them: for a date that
// moved, where each state was anchored (and the override in force); for one met, the record that
// met it; for one that became overdue, its anchors if its date moved and any record that met it
// or was booked then; for one that appeared or disappeared, its anchor. A record of now is
// matched to commits by its lines (git blame); when none of now changed, the records of then are
// matched by their files (a record removed, or rewritten past recognition).
func recordsBehind(m Movement, beforeRel, afterRel func(string) string, log *history.Log) ([]string, []history.Commit, bool) {
	var places []place
	add := func(now bool, p casefolder.Pos) {
		rel := beforeRel
		if now {
			rel = afterRel
		}
		if p.File == "" || rel == nil {
			return
		}
		if f := rel(p.File); f != "" {
			places = append(places, place{f, p.Line, p.Col, now})
		}
	}
	anchors := func(o *engine.Obligation, now bool) {
		if o == nil {
			return
		}
		add(now, o.Anchor)
		if b := o.Basis; b != nil && b.Override != nil {
			add(now, b.Override.Pos)
		}
	}
	records := func(o *engine.Obligation, now bool) {
		if o == nil || o.Basis == nil {
			return
		}
		add(now, o.Basis.MetAt)
		add(now, o.Basis.BookedAt)
	}
	switch m.Kind {
	case WasMet:
		records(m.After, true)
	case BecameOverdue:
		if m.Before.Due != m.After.Due { // else only time passed, unless a record went
			anchors(m.Before, false)
			anchors(m.After, true)
		}
		records(m.Before, false)
	default:
		anchors(m.Before, false)
		anchors(m.After, true)
	}
	var files []string
	seenFile := map[string]bool{}
	seen := map[string]bool{}
	var commits []history.Commit
	dirty := false
	take := func(cs []history.Commit, d bool) {
		dirty = dirty || d
		for _, c := range cs {
			if !seen[c.Hash] {
				seen[c.Hash] = true
				commits = append(commits, c)
			}
		}
	}
	for _, p := range places {
		if !seenFile[p.file] {
			seenFile[p.file] = true
			files = append(files, p.file)
		}
		if log != nil && p.now {
			take(log.Record(p.file, p.line, p.col))
		}
	}
	if log != nil && len(commits) == 0 && !dirty {
		for _, p := range places {
			if !p.now {
				take(log.For(p.file), log.Dirty(p.file))
			}
		}
	}
	sort.Strings(files)
	sort.SliceStable(commits, func(i, j int) bool { return commits[i].When.After(commits[j].When) })
	return files, commits, dirty
}

func kindRank(k Kind) int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return len(Kinds)
}

// sortMovements orders a case's movements by kind, then as `due` orders obligations.
func sortMovements(ms []Movement) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Kind != b.Kind {
			return kindRank(a.Kind) < kindRank(b.Kind)
		}
		return engine.Less(a.Obligation(), b.Obligation())
	})
}
