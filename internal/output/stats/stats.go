// Package stats counts obligations that fell due in a date range, per rule and per group (team or
// lead social worker): how many were met on time, met late, missed or are still overdue. These are
// the compliance figures a performance team reports ("first core groups within 10 working days").
package stats

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// By is how rows are grouped.
type By string

// The groupings.
const (
	ByRule   By = "rule"
	ByTeam   By = "team"
	ByWorker By = "worker"
)

// Ob is what the figures need of one obligation.
type Ob struct {
	Team   string // the case's team
	Worker string // the lead social worker on the due date
	Rule   string
	Rank   int // where the case's policy lists the rule (policy.Rank)
	Due    civil.Date
	Status engine.Status
	// Limits: the case's policy sets a limit beside some rule's target; Limit: this obligation
	// has one; OverLimit: it was met after its limit, or is not met and the limit has passed.
	Limits, Limit, OverLimit bool
}

// Row is one line of figures. Total counts what has fallen due: met on time, met late, missed
// and overdue. NotYetDue counts obligations due in the range but not yet past their due date on
// the as-of date (due or open); they are in no percentage, since nobody can yet say how they went.
type Row struct {
	Group      string   `json:"group"` // the team or worker; "" when grouped by rule only
	Rule       string   `json:"rule"`  // "" on a group's total row
	Total      int      `json:"total"`
	OnTime     int      `json:"on_time"`
	Late       int      `json:"late"`
	Missed     int      `json:"missed"`
	Overdue    int      `json:"overdue"`
	NotYetDue  int      `json:"not_yet_due"`
	OnTimePct  *float64 `json:"on_time_pct"` // share of Total, to one decimal; null when Total is 0
	LatePct    *float64 `json:"late_pct"`
	MissedPct  *float64 `json:"missed_pct"`
	OverduePct *float64 `json:"overdue_pct"`
	// WithinLimit counts those met by their rule's limit: on time, or late but not past the
	// limit (a rule without a limit: on time). Only when a policy in the run sets limits.
	WithinLimit *int `json:"within_limit,omitempty"`
}

// Fields are the CSV columns, in order; the same names as the JSON.
var Fields = []string{"group", "rule", "total", "on_time", "late", "missed", "overdue", "not_yet_due", "on_time_pct", "late_pct", "missed_pct", "overdue_pct"}

// LimitField is the column after Fields when a policy in the run sets limits.
const LimitField = "within_limit"

// limited reports whether the rows count within_limit.
func limited(rows []Row) bool {
	for _, r := range rows {
		if r.WithinLimit != nil {
			return true
		}
	}
	return false
}

// Empty names a group with no team or no lead social worker recorded.
const (
	NoTeam   = "(no team recorded)"
	NoWorker = "(no lead social worker recorded)"
)

// NotChecked is the Rule of the row that counts the cases that could not be read or evaluated:
// their obligations are in no figure, and the row says how many cases that is (in Total, a count
// of cases, not of obligations), so that a figure is never quietly short.
const NotChecked = "(cases not checked)"

// NotCheckedRow is the row for n cases that could not be checked in group (or "" ungrouped).
func NotCheckedRow(group string, n int) Row { return Row{Group: group, Rule: NotChecked, Total: n} }

// InRange reports whether an obligation counts: it has a due date within [from, to]. Waiting and
// no-timescale obligations have none.
func InRange(due, from, to civil.Date) bool { return !due.IsZero() && from <= due && due <= to }

// Compute counts the obligations with a due date in [from, to]: one row per group and rule, and
// after each group a total row (Rule ""). Groups are in name order, rules in the order their
// policies rank them (Ob.Rank) and then by id.
func Compute(obs []Ob, from, to civil.Date, by By) []Row {
	c := NewCounter(from, to, by)
	for _, o := range obs {
		c.Add(o)
	}
	return c.Rows()
}

// Counter is Compute one obligation at a time: it holds a row per group and rule, never the
// obligations, so that the figures of a national tree take the memory of their table. It is
// not safe for concurrent use.
type Counter struct {
	from, to civil.Date
	by       By
	counts   map[counterKey]*Row
	within   map[counterKey]int // met within the rule's limit, shown when any obligation counted has one
	limits   bool
	groups   map[string]bool
	rank     map[string]int
}

type counterKey struct{ group, rule string }

// NewCounter is a Counter of the obligations due from from to to, grouped by by.
func NewCounter(from, to civil.Date, by By) *Counter {
	return &Counter{from: from, to: to, by: by, counts: map[counterKey]*Row{}, within: map[counterKey]int{},
		groups: map[string]bool{}, rank: map[string]int{}}
}

// Add counts one obligation, if it falls due in the range.
func (c *Counter) Add(o Ob) {
	if !InRange(o.Due, c.from, c.to) {
		return
	}
	c.limits = c.limits || o.Limits
	if r, ok := c.rank[o.Rule]; !ok || o.Rank < r {
		c.rank[o.Rule] = o.Rank
	}
	g := ""
	switch c.by {
	case ByTeam:
		g = o.Team
		if g == "" {
			g = NoTeam
		}
	case ByWorker:
		g = o.Worker
		if g == "" {
			g = NoWorker
		}
	}
	c.groups[g] = true
	for _, k := range []counterKey{{g, o.Rule}, {g, ""}} {
		r := c.counts[k]
		if r == nil {
			r = &Row{Group: k.group, Rule: k.rule}
			c.counts[k] = r
		}
		r.add(o.Status)
		if o.Status == engine.Met || o.Status == engine.Late && o.Limit && !o.OverLimit {
			c.within[k]++
		}
	}
}

// Rows are the figures: groups by name, each group's rules in policy order and then its total.
func (c *Counter) Rows() []Row {
	var names []string
	for g := range c.groups {
		names = append(names, g)
	}
	sort.Strings(names)
	var out []Row
	for _, g := range names {
		var rules []string
		for k := range c.counts {
			if k.group == g && k.rule != "" {
				rules = append(rules, k.rule)
			}
		}
		sort.Slice(rules, func(i, j int) bool { return ruleLess(c.rank, rules[i], rules[j]) })
		for _, r := range append(rules, "") {
			k := counterKey{g, r}
			row := *c.counts[k]
			if c.limits {
				n := c.within[k]
				row.WithinLimit = &n
			}
			row.percentages()
			out = append(out, row)
		}
	}
	return out
}

func (r *Row) add(s engine.Status) {
	switch s {
	case engine.Met:
		r.OnTime++
	case engine.Late:
		r.Late++
	case engine.Missed:
		r.Missed++
	case engine.Overdue:
		r.Overdue++
	case engine.Due, engine.Open:
		r.NotYetDue++
		return
	default:
		return // waiting and no-timescale have no due date and never reach here
	}
	r.Total++
}

func (r *Row) percentages() {
	if r.Total == 0 {
		return
	}
	pct := func(n int) *float64 {
		v := math.Round(float64(n)*1000/float64(r.Total)) / 10
		return &v
	}
	r.OnTimePct, r.LatePct, r.MissedPct, r.OverduePct = pct(r.OnTime), pct(r.Late), pct(r.Missed), pct(r.Overdue)
}

// ruleLess orders rules as their policies rank them (policy.Rank: a rule's order, else its
// place in the file; the lowest rank any case gave), then by id.
func ruleLess(rank map[string]int, a, b string) bool {
	if rank[a] != rank[b] {
		return rank[a] < rank[b]
	}
	return a < b
}

// limitCell is a row's within-limit count, or none on a row that counts none (cases not checked).
func limitCell(r Row, none string) string {
	if r.WithinLimit == nil {
		return none
	}
	return strconv.Itoa(*r.WithinLimit)
}

// PctText is a percentage for people: "73.9%", or "-" when nothing fell due.
func PctText(p *float64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(*p, 'f', 1, 64) + "%"
}

func pctCell(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', 1, 64)
}

// Table is the figures as a table for render.WriteTable; the group column only when grouped.
func Table(rows []Row, by By) render.Table {
	head := []string{"Rule", "Fell due", "On time", "Late", "Missed", "Overdue", "On time %", "Not yet due"}
	lim := limited(rows)
	if lim {
		head = slices.Insert(head, 3, "Within limit")
	}
	if by != ByRule {
		head = append([]string{groupHeader[by]}, head...)
	}
	t := render.Table{Header: head}
	for _, r := range rows {
		rule := r.Rule
		if rule == "" {
			rule = "all rules"
		}
		row := []string{rule, strconv.Itoa(r.Total), strconv.Itoa(r.OnTime), strconv.Itoa(r.Late), strconv.Itoa(r.Missed),
			strconv.Itoa(r.Overdue), PctText(r.OnTimePct), strconv.Itoa(r.NotYetDue)}
		if lim {
			row = slices.Insert(row, 3, limitCell(r, "-"))
		}
		if by != ByRule {
			row = append([]string{r.Group}, row...)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

var groupHeader = map[By]string{ByTeam: "Team", ByWorker: "Lead social worker"}

// JSON writes the rows as an array (empty when nothing fell due).
func JSON(w io.Writer, rows []Row) error {
	if rows == nil {
		rows = []Row{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

// CSV writes a header and one line per row; empty cells for null percentages.
func CSV(w io.Writer, rows []Row) error {
	cw := safe.NewCSVWriter(w) // every cell inert in a spreadsheet (a case or team named =HYPERLINK(...))
	lim := limited(rows)
	header := Fields
	if lim {
		header = append(append([]string(nil), Fields...), LimitField)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.Group, r.Rule, strconv.Itoa(r.Total), strconv.Itoa(r.OnTime), strconv.Itoa(r.Late),
			strconv.Itoa(r.Missed), strconv.Itoa(r.Overdue), strconv.Itoa(r.NotYetDue),
			pctCell(r.OnTimePct), pctCell(r.LatePct), pctCell(r.MissedPct), pctCell(r.OverduePct)}
		if lim {
			rec = append(rec, limitCell(r, ""))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Heading is the line above the table: what was counted.
func Heading(from, to, asOf civil.Date, by By) string {
	s := fmt.Sprintf("Obligations due from %s to %s, as of %s", render.DateText(from), render.DateText(to), render.DateText(asOf))
	if by != ByRule {
		s += ", by " + map[By]string{ByTeam: "team", ByWorker: "lead social worker on the due date"}[by]
	}
	return s + ". On time % is the share of those that fell due."
}
