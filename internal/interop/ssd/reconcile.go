package ssd

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// dueDiff is a review whose due date in the SSD differs from the one the policy gives.
type dueDiff struct {
	ref, child, review string
	held               civil.Date
	ssd, cpcase        civil.Date
	rule               string
	at                 string
}

// reviewDues compares each SSD review due date of a family with the due date of the policy's
// review rules for the same review: the obligation it met, or, for a review not yet held, the
// child's earliest review still to meet in that plan.
func reviewDues(f *family, c *casefolder.Case, p *policy.Policy, asOf civil.Date) []dueDiff {
	obs := engine.Evaluate(c, p, engine.Options{AsOf: asOf})
	var reviewObs []engine.Obligation
	for _, o := range obs {
		if r := p.Rule(o.Rule); r != nil && r.Event == policy.EventReview && !o.Due.IsZero() {
			reviewObs = append(reviewObs, o)
		}
	}
	var out []dueDiff
	for _, m := range f.reviews {
		r := m.r
		if r.due.IsZero() {
			continue
		}
		var got *engine.Obligation
		for i := range reviewObs {
			o := &reviewObs[i]
			if o.Child != "" && o.Child != r.person {
				continue
			}
			if !r.date.IsZero() && o.Met == r.date {
				got = o
				break
			}
			if r.date.IsZero() && o.Met.IsZero() && o.Due > m.plan.start && (got == nil || o.Due < got.Due) {
				got = o
			}
		}
		if got == nil || got.Due == r.due {
			continue
		}
		out = append(out, dueDiff{ref: c.Ref, child: r.person, review: r.id, held: r.date, ssd: r.due, cpcase: got.Due, rule: got.Rule, at: r.at.at()})
	}
	return out
}

// compare lists how the case made from the extract differs from the case already there: the
// children, each child's plan starts, reviews and ends, and the visits.
func compare(old, now *casefolder.Case) []string {
	var out []string
	oldKids, nowKids := childIDs(old), childIDs(now)
	for _, id := range minus(nowKids, oldKids) {
		out = append(out, fmt.Sprintf("child %s is in the extract and not in the case", id))
	}
	for _, id := range minus(oldKids, nowKids) {
		out = append(out, fmt.Sprintf("child %s is in the case and not in the extract", id))
	}
	for _, id := range nowKids {
		if !contains(oldKids, id) {
			continue
		}
		for _, what := range []struct {
			name string
			pick func(*casefolder.Conference) bool
		}{
			{"plan start", func(c *casefolder.Conference) bool {
				return c.Decision == casefolder.DecisionPlan && c.Kind != casefolder.Review
			}},
			{"review", func(c *casefolder.Conference) bool {
				return c.Kind == casefolder.Review && c.Decision != casefolder.DecisionEnd
			}},
			{"plan end", func(c *casefolder.Conference) bool { return c.Decision == casefolder.DecisionEnd }},
		} {
			a, b := confDates(old, id, what.pick), confDates(now, id, what.pick)
			gone, added := minusDates(a, b), minusDates(b, a)
			for len(gone) > 0 && len(added) > 0 {
				out = append(out, fmt.Sprintf("child %s: the %s of %s in the case is on %s in the extract", id, what.name, gone[0], added[0]))
				gone, added = gone[1:], added[1:]
			}
			for _, d := range added {
				out = append(out, fmt.Sprintf("child %s: a %s on %s is in the extract and not in the case", id, what.name, d))
			}
			for _, d := range gone {
				out = append(out, fmt.Sprintf("child %s: a %s on %s is in the case and not in the extract", id, what.name, d))
			}
		}
	}
	a, b := visitDates(old), visitDates(now)
	for _, d := range minusDates(b, a) {
		out = append(out, fmt.Sprintf("a visit on %s is in the extract and not in the case", d))
	}
	for _, d := range minusDates(a, b) {
		out = append(out, fmt.Sprintf("a visit on %s is in the case and not in the extract", d))
	}
	return out
}

func childIDs(c *casefolder.Case) []string {
	var out []string
	for _, ch := range c.Children {
		out = append(out, ch.ID)
	}
	return out
}

func confDates(c *casefolder.Case, child string, pick func(*casefolder.Conference) bool) []civil.Date {
	var out []civil.Date
	for i := range c.Conferences {
		cf := &c.Conferences[i]
		if pick(cf) && (len(cf.Children) == 0 || contains(cf.Children, child)) {
			out = append(out, cf.Date)
		}
	}
	return out
}

func visitDates(c *casefolder.Case) []civil.Date {
	var out []civil.Date
	for _, v := range c.Visits {
		if len(out) == 0 || out[len(out)-1] != v.Date {
			out = append(out, v.Date)
		}
	}
	return out
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func minusDates(a, b []civil.Date) []civil.Date {
	in := map[civil.Date]bool{}
	for _, d := range b {
		in[d] = true
	}
	var out []civil.Date
	for _, d := range a {
		if !in[d] {
			out = append(out, d)
		}
	}
	return out
}

type reportInput struct {
	dir, out, policy string
	asOf             civil.Date
	fams             []*family
	res              *Result
	dues             []dueDiff
}

// cell makes text safe in a Markdown table cell.
func cell(s string) string {
	s = strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "`", "'", "[", `\[`, "]", `\]`, "*", `\*`, `\`, `\\`).Replace(s)
	return s
}

// report is the reconcile report, in Markdown.
func (x *extract) report(in reportInput) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# SSD import: reconcile report\n\n")
	p("Extract `%s`, read on %s; cases in `%s`, checked against policy %s.\n\n", cell(filepath.Base(filepath.Clean(in.dir))), in.asOf, cell(filepath.Base(filepath.Clean(in.out))), cell(in.policy))
	p("| | |\n|---|---|\n")
	p("| children with a plan | %d |\n| plans | %d |\n| cases written | %d |\n| cases already there (compared, not changed) | %d |\n\n",
		in.res.Children, in.res.Plans, len(in.res.Written), len(in.res.Existing))

	unmatched, byWindow := x.visitMatches(in.fams)
	p("## Visits with no plan\n\n")
	if len(unmatched) == 0 {
		p("None: every visit matched a plan of its child.\n\n")
	} else {
		p("Not imported: no plan of the child names them or runs on their date.\n\n| row | visit | person | date | plan id |\n|---|---|---|---|---|\n")
		for _, v := range unmatched {
			p("| %s | %s | %s | %s | %s |\n", cell(v.at.at()), cell(v.id), cell(v.person), v.date, cell(orNone(v.plan)))
		}
		p("\n")
	}
	p("%d visits named no plan and were matched to the plan of their child that ran on their date.\n\n", byWindow)

	p("## Reviews whose SSD due date differs from cpcase's\n\n")
	if len(in.dues) == 0 {
		p("None.\n\n")
	} else {
		p("| case | child | review | held | SSD due | cpcase due | rule | row |\n|---|---|---|---|---|---|---|---|\n")
		for _, d := range in.dues {
			held := "not yet"
			if !d.held.IsZero() {
				held = d.held.String()
			}
			p("| %s | %s | %s | %s | %s | %s | %s | %s |\n", cell(d.ref), cell(d.child), cell(d.review), held, d.ssd, d.cpcase, cell(d.rule), cell(d.at))
		}
		p("\n")
	}

	p("## Fields not held\n\n")
	if len(x.missing) > 0 {
		p("Tables not in the extract: %s.\n\n", cell(strings.Join(x.missing, ", ")))
	}
	var names []string
	for name := range x.absent {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p("Columns not in %s: %s.\n\n", name, cell(strings.Join(x.absent[name], ", ")))
	}
	p("| table | column | rows with no value | rows |\n|---|---|---|---|\n")
	for _, t := range tables {
		counts := x.notHeld[t.name]
		for _, col := range append(append([]string{}, t.required...), t.optional...) {
			if n := counts[col]; n > 0 {
				p("| %s | %s | %d | %d |\n", t.name, col, n, x.rows[t.name])
			}
		}
	}
	p("\nThe SSD holds no core groups, no core group members other than the allocated workers, and no visit kind (visits are written as home visits unless told otherwise).\n\n")

	if len(in.res.Existing) > 0 {
		p("## Cases already there\n\nNot changed. How the extract differs from each:\n\n")
		for _, e := range in.res.Existing {
			if len(e.Differences) == 0 {
				p("- %s (`%s`): no difference\n", cell(e.Ref), cell(e.Dir))
				continue
			}
			p("- %s (`%s`):\n", cell(e.Ref), cell(e.Dir))
			for _, d := range e.Differences {
				p("  - %s\n", cell(d))
			}
		}
		p("\n")
	}
	if len(in.res.Written) > 0 {
		p("## Cases written\n\n")
		for _, f := range in.fams {
			if f.built == nil || !written(in.res.Written, f.ref) {
				continue
			}
			p("- %s: %s\n", cell(f.ref), cell(strings.Join(childIDs(f.built), ", ")))
		}
		p("\n")
	}
	if len(x.notes) > 0 {
		p("## Notes\n\nWhat the import did with rows that did not fit:\n\n")
		for _, n := range x.notes {
			p("- %s\n", cell(n))
		}
	}
	return b.String()
}

func written(dirs []string, ref string) bool {
	for _, d := range dirs {
		if filepath.Base(d) == folderName(ref) {
			return true
		}
	}
	return false
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// visitMatches lists the visits of children with a plan that match no plan, and counts those
// matched by their date.
func (x *extract) visitMatches(fams []*family) ([]*visit, int) {
	plans := map[string][]*plan{}
	for _, f := range fams {
		for id, ps := range f.plans {
			plans[id] = ps
		}
	}
	var unmatched []*visit
	byWindow := 0
	for _, v := range x.visits {
		switch {
		case planFor(plans[v.person], v) == nil:
			unmatched = append(unmatched, v)
		case v.plan == "":
			byWindow++
		}
	}
	return unmatched, byWindow
}
