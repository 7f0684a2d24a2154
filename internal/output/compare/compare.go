// Package compare is the impact of changing procedure over one caseload: the compliance figures
// of package stats under two policies side by side, per rule, with the difference, and the
// obligations whose status changes from one policy to the other.
package compare

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
	"github.com/cpcase/cpcase/internal/output/stats"
)

// Case is one case's obligations under each policy, in evaluation order.
type Case struct {
	Ref          string
	A, B         []engine.Obligation
	RankA, RankB func(rule string) int // where each policy lists a rule (policy.Rank)
}

// RuleRow is one rule's figures under A and B ("" Rule: every rule), and B less A.
type RuleRow struct {
	Rule   string    `json:"rule"`
	A      stats.Row `json:"a"`
	B      stats.Row `json:"b"`
	Change Delta     `json:"change"`
}

// Delta is B's figures less A's; OnTimePct is in percentage points, null when either is.
type Delta struct {
	Total     int      `json:"total"`
	OnTime    int      `json:"on_time"`
	Late      int      `json:"late"`
	Missed    int      `json:"missed"`
	Overdue   int      `json:"overdue"`
	NotYetDue int      `json:"not_yet_due"`
	OnTimePct *float64 `json:"on_time_pct"`
}

// Change is one obligation whose status differs under the two policies. A side the policy does
// not give (the rule is only in the other, or no such link) has no status.
type Change struct {
	Case    string        `json:"case"`
	Rule    string        `json:"rule"`
	Child   string        `json:"child,omitempty"`
	Period  int           `json:"period,omitempty"`
	DueA    civil.Date    `json:"-"`
	StatusA engine.Status `json:"-"`
	DueB    civil.Date    `json:"-"`
	StatusB engine.Status `json:"-"`
}

// Result is the comparison.
type Result struct {
	Rules        []RuleRow
	Changes      []Change
	Cases        int // cases compared
	ChangedCases int // cases with at least one change
}

// Compute compares the cases: figures exactly as stats.Compute counts them under each policy
// (obligations due in [from, to]), and each obligation due in the range under either policy
// whose status differs.
func Compute(cases []Case, from, to civil.Date) Result {
	var obsA, obsB []stats.Ob
	res := Result{Cases: len(cases)}
	for _, c := range cases {
		obsA = append(obsA, statsObs(c.A, c.RankA)...)
		obsB = append(obsB, statsObs(c.B, c.RankB)...)
		ch := changes(c, from, to)
		if len(ch) > 0 {
			res.ChangedCases++
		}
		res.Changes = append(res.Changes, ch...)
	}
	res.Rules = merge(stats.Compute(obsA, from, to, stats.ByRule), stats.Compute(obsB, from, to, stats.ByRule))
	return res
}

func statsObs(obs []engine.Obligation, rank func(string) int) []stats.Ob {
	out := make([]stats.Ob, 0, len(obs))
	for _, o := range obs {
		out = append(out, stats.Ob{Team: o.Team, Rule: o.Rule, Rank: rank(o.Rule), Due: o.Due, Status: o.Status})
	}
	return out
}

// merge pairs the rows of A and B by rule: A's rules in A's order, then those only B has, then
// the total.
func merge(a, b []stats.Row) []RuleRow {
	byRule := map[string]*RuleRow{}
	var order []string
	add := func(rows []stats.Row, isA bool) {
		for _, r := range rows {
			rr := byRule[r.Rule]
			if rr == nil {
				rr = &RuleRow{Rule: r.Rule}
				byRule[r.Rule] = rr
				if r.Rule != "" {
					order = append(order, r.Rule)
				}
			}
			if isA {
				rr.A = r
			} else {
				rr.B = r
			}
		}
	}
	add(a, true)
	add(b, false)
	if byRule[""] == nil {
		byRule[""] = &RuleRow{}
	}
	var out []RuleRow
	for _, rule := range append(order, "") {
		rr := byRule[rule]
		rr.A.Rule, rr.B.Rule = rule, rule
		rr.Change = delta(rr.A, rr.B)
		out = append(out, *rr)
	}
	return out
}

func delta(a, b stats.Row) Delta {
	d := Delta{Total: b.Total - a.Total, OnTime: b.OnTime - a.OnTime, Late: b.Late - a.Late, Missed: b.Missed - a.Missed,
		Overdue: b.Overdue - a.Overdue, NotYetDue: b.NotYetDue - a.NotYetDue}
	if a.OnTimePct != nil && b.OnTimePct != nil {
		v := math.Round((*b.OnTimePct-*a.OnTimePct)*10) / 10
		d.OnTimePct = &v
	}
	return d
}

// key identifies one obligation across two policies: the same rule, child and period, counted
// from the same record, and the n-th such.
type key struct {
	rule, child, detail string
	period              int
	file                string
	line, col, n        int
}

func keys(obs []engine.Obligation) []key {
	seen := map[key]int{}
	out := make([]key, len(obs))
	for i, o := range obs {
		k := key{rule: o.Rule, child: o.Child, detail: o.Detail, period: o.Period, file: o.Anchor.File, line: o.Anchor.Line, col: o.Anchor.Col}
		k.n = seen[k]
		seen[k]++
		out[i] = k
	}
	return out
}

func changes(c Case, from, to civil.Date) []Change {
	ka, kb := keys(c.A), keys(c.B)
	inB := map[key]int{}
	for i, k := range kb {
		inB[k] = i
	}
	var out []Change
	matched := make([]bool, len(c.B))
	in := func(d civil.Date) bool { return stats.InRange(d, from, to) }
	for i, a := range c.A {
		ch := Change{Case: c.Ref, Rule: a.Rule, Child: a.Child, Period: a.Period, DueA: a.Due, StatusA: a.Status}
		if j, ok := inB[ka[i]]; ok {
			matched[j] = true
			b := c.B[j]
			ch.DueB, ch.StatusB = b.Due, b.Status
		}
		if ch.StatusA != ch.StatusB && (in(ch.DueA) || in(ch.DueB)) {
			out = append(out, ch)
		}
	}
	for j, b := range c.B {
		if !matched[j] && in(b.Due) {
			out = append(out, Change{Case: c.Ref, Rule: b.Rule, Child: b.Child, Period: b.Period, DueB: b.Due, StatusB: b.Status})
		}
	}
	// A's rules in A's order, then the rules only B has, each by due date
	rank := func(rule string) int {
		if r := c.RankA(rule); r > 0 {
			return r
		}
		return 1<<20 + c.RankB(rule)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := rank(out[i].Rule), rank(out[j].Rule); ri != rj {
			return ri < rj
		}
		return firstDue(out[i]) < firstDue(out[j])
	})
	return out
}

func firstDue(c Change) civil.Date {
	if c.DueA.IsZero() {
		return c.DueB
	}
	return c.DueA
}

func signed(n int) string {
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func pointsText(p *float64) string {
	if p == nil {
		return "-"
	}
	s := strconv.FormatFloat(*p, 'f', 1, 64)
	if *p > 0 {
		s = "+" + s
	}
	return s + " pts"
}

// FiguresTable is three lines per rule: its figures under A, under B, and the change.
func FiguresTable(res Result, nameA, nameB string) render.Table {
	t := render.Table{Header: []string{"Rule", "Policy", "Fell due", "On time", "Late", "Missed", "Overdue", "On time %", "Not yet due"}}
	line := func(rule, who string, r stats.Row) []string {
		return []string{rule, who, strconv.Itoa(r.Total), strconv.Itoa(r.OnTime), strconv.Itoa(r.Late), strconv.Itoa(r.Missed),
			strconv.Itoa(r.Overdue), stats.PctText(r.OnTimePct), strconv.Itoa(r.NotYetDue)}
	}
	for _, rr := range res.Rules {
		rule := rr.Rule
		if rule == "" {
			rule = "all rules"
		}
		d := rr.Change
		t.Rows = append(t.Rows, line(rule, nameA, rr.A), line("", nameB, rr.B),
			[]string{"", "change", signed(d.Total), signed(d.OnTime), signed(d.Late), signed(d.Missed), signed(d.Overdue), pointsText(d.OnTimePct), signed(d.NotYetDue)})
	}
	return t
}

func sideText(due civil.Date, s engine.Status) (string, string) {
	if s == "" {
		return "", "(none)"
	}
	if due.IsZero() {
		return "-", string(s)
	}
	return render.DateText(due), string(s)
}

// ChangesTable lists the obligations whose status changes: the due date and status under each.
func ChangesTable(res Result, nameA, nameB string) render.Table {
	t := render.Table{Header: []string{"Case", "Rule", "Child", "Due under A", "Status under A", "Due under B", "Status under B"}}
	for _, c := range res.Changes {
		da, sa := sideText(c.DueA, c.StatusA)
		db, sb := sideText(c.DueB, c.StatusB)
		t.Rows = append(t.Rows, []string{c.Case, c.Rule, c.Child, da, sa, db, sb})
	}
	return t
}

// Heading is the line above the figures.
func Heading(from, to, asOf civil.Date, nameA, nameB string, cases int) string {
	return fmt.Sprintf("Obligations due from %s to %s, as of %s, in %d cases: %s against %s. The change is %s less %s.",
		render.DateText(from), render.DateText(to), render.DateText(asOf), cases, nameA, nameB, nameB, nameA)
}

type jsonChange struct {
	Change
	A *jsonSide `json:"a"`
	B *jsonSide `json:"b"`
}

type jsonSide struct {
	Due    *string `json:"due"`
	Status string  `json:"status"`
}

func side(due civil.Date, s engine.Status) *jsonSide {
	if s == "" {
		return nil
	}
	js := &jsonSide{Status: string(s)}
	if !due.IsZero() {
		d := due.String()
		js.Due = &d
	}
	return js
}

// JSON writes the comparison: what was compared, the figures per rule and the changes.
func JSON(w io.Writer, res Result, policyA, policyB string, from, to, asOf civil.Date) error {
	changes := make([]jsonChange, 0, len(res.Changes))
	for _, c := range res.Changes {
		changes = append(changes, jsonChange{c, side(c.DueA, c.StatusA), side(c.DueB, c.StatusB)})
	}
	rules := res.Rules
	if rules == nil {
		rules = []RuleRow{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		PolicyA      string       `json:"policy_a"`
		PolicyB      string       `json:"policy_b"`
		From         string       `json:"from"`
		To           string       `json:"to"`
		AsOf         string       `json:"as_of"`
		Cases        int          `json:"cases"`
		ChangedCases int          `json:"changed_cases"`
		Rules        []RuleRow    `json:"rules"`
		Changes      []jsonChange `json:"changes"`
	}{policyA, policyB, from.String(), to.String(), asOf.String(), res.Cases, res.ChangedCases, rules, changes})
}

func pctCell(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', 1, 64)
}

// FiguresFields are the figures CSV's columns.
var FiguresFields = []string{"rule",
	"a_total", "a_on_time", "a_late", "a_missed", "a_overdue", "a_not_yet_due", "a_on_time_pct",
	"b_total", "b_on_time", "b_late", "b_missed", "b_overdue", "b_not_yet_due", "b_on_time_pct",
	"change_total", "change_on_time", "change_late", "change_missed", "change_overdue", "change_not_yet_due", "change_on_time_pct"}

// FiguresCSV writes one line per rule (the total's rule is empty); every cell through safe.
func FiguresCSV(w io.Writer, res Result) error {
	cw := safe.NewCSVWriter(w)
	if err := cw.Write(FiguresFields); err != nil {
		return err
	}
	it := strconv.Itoa
	for _, rr := range res.Rules {
		a, b, d := rr.A, rr.B, rr.Change
		rec := []string{rr.Rule,
			it(a.Total), it(a.OnTime), it(a.Late), it(a.Missed), it(a.Overdue), it(a.NotYetDue), pctCell(a.OnTimePct),
			it(b.Total), it(b.OnTime), it(b.Late), it(b.Missed), it(b.Overdue), it(b.NotYetDue), pctCell(b.OnTimePct),
			it(d.Total), it(d.OnTime), it(d.Late), it(d.Missed), it(d.Overdue), it(d.NotYetDue), pctCell(d.OnTimePct)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ChangesFields are the changes CSV's columns.
var ChangesFields = []string{"case", "rule", "child", "period", "a_due", "a_status", "b_due", "b_status"}

// ChangesCSV writes one line per obligation whose status changes; every cell through safe (a
// case reference is the user's text).
func ChangesCSV(w io.Writer, res Result) error {
	cw := safe.NewCSVWriter(w)
	if err := cw.Write(ChangesFields); err != nil {
		return err
	}
	for _, c := range res.Changes {
		period := ""
		if c.Period > 0 {
			period = strconv.Itoa(c.Period)
		}
		if err := cw.Write([]string{c.Case, c.Rule, c.Child, period, c.DueA.String(), string(c.StatusA), c.DueB.String(), string(c.StatusB)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
