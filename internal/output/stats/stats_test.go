package stats

import (
	"bytes"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
)

var (
	from = civil.MustParse("2026-04-01")
	to   = civil.MustParse("2026-06-30")
)

// ranks are where the sample's policy lists its rules (policy.Rank): its own rule last.
var ranks = map[string]int{"first-core-group": 1, "core-group-cadence": 3, "pre-birth-core-group": 4, "record-circulated": 12, "action-due": 19, "zz-local-rule": 20}

func o(team, worker, rule, due string, s engine.Status) Ob {
	x := Ob{Team: team, Worker: worker, Rule: rule, Rank: ranks[rule], Status: s}
	if due != "" {
		x.Due = civil.MustParse(due)
	}
	return x
}

var sample = []Ob{
	o("North", "Sam", "first-core-group", "2026-04-01", engine.Met),      // first day: in
	o("North", "Sam", "first-core-group", "2026-06-30", engine.Late),     // last day: in
	o("North", "Kim", "first-core-group", "2026-03-31", engine.Met),      // the day before: out
	o("North", "Kim", "first-core-group", "2026-07-01", engine.Overdue),  // the day after: out
	o("South", "Kim", "first-core-group", "2026-05-05", engine.Overdue),  // in
	o("South", "Kim", "action-due", "2026-05-06", engine.Missed),         // in
	o("South", "", "action-due", "2026-06-01", engine.Due),               // in, not yet due
	o("", "Sam", "zz-local-rule", "2026-06-02", engine.Open),             // in, not yet due
	o("", "Sam", "core-group-cadence", "2026-06-03", engine.Met),         // in
	o("North", "Sam", "pre-birth-core-group", "", engine.Waiting),        // no date: never counted
	o("North", "Sam", "record-circulated", "", engine.NoTimescale),       // no date: never counted
	o("North", "Sam", "record-circulated", "2026-05-01", engine.Met),     // in
	o("North", "Sam", "record-circulated", "2026-05-02", engine.Met),     // in
	o("North", "Sam", "record-circulated", "2026-05-03", engine.Overdue), // in
}

type fig struct{ total, onTime, late, missed, overdue, notYet int }

func figs(r Row) fig { return fig{r.Total, r.OnTime, r.Late, r.Missed, r.Overdue, r.NotYetDue} }

func TestByRule(t *testing.T) {
	rows := Compute(sample, from, to, ByRule)
	want := []struct {
		rule string
		fig
		pct string
	}{
		// the policy's rank, then a rule ranked last; waiting and no-timescale rows are absent
		{"first-core-group", fig{3, 1, 1, 0, 1, 0}, "33.3%"},
		{"core-group-cadence", fig{1, 1, 0, 0, 0, 0}, "100.0%"},
		{"record-circulated", fig{3, 2, 0, 0, 1, 0}, "66.7%"},
		{"action-due", fig{1, 0, 0, 1, 0, 1}, "0.0%"},
		{"zz-local-rule", fig{0, 0, 0, 0, 0, 1}, "-"},
		{"", fig{8, 4, 1, 1, 2, 2}, "50.0%"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		r := rows[i]
		if r.Group != "" || r.Rule != w.rule || figs(r) != w.fig || PctText(r.OnTimePct) != w.pct {
			t.Errorf("row %d: %s %+v %s, want %s %+v %s", i, r.Rule, figs(r), PctText(r.OnTimePct), w.rule, w.fig, w.pct)
		}
	}
	// the four shares of a row add up to 100 (to rounding)
	tot := rows[len(rows)-1]
	if sum := *tot.OnTimePct + *tot.LatePct + *tot.MissedPct + *tot.OverduePct; sum != 100 {
		t.Errorf("shares add up to %v", sum)
	}
	if rows[4].OnTimePct != nil {
		t.Error("a rule with nothing fallen due has a percentage")
	}
}

func TestByTeamAndWorker(t *testing.T) {
	rows := Compute(sample, from, to, ByTeam)
	var got []string
	for _, r := range rows {
		got = append(got, r.Group+"/"+r.Rule)
	}
	want := "(no team recorded)/core-group-cadence (no team recorded)/zz-local-rule (no team recorded)/ North/first-core-group North/record-circulated North/ South/first-core-group South/action-due South/"
	if s := join(got); s != want {
		t.Errorf("rows by team:\n%s\nwant\n%s", s, want)
	}
	north := rows[5]
	if north.Group != "North" || north.Rule != "" || figs(north) != (fig{5, 3, 1, 0, 1, 0}) || PctText(north.OnTimePct) != "60.0%" {
		t.Errorf("North total %+v", north)
	}
	w := Compute(sample, from, to, ByWorker)
	if w[0].Group != NoWorker || w[0].Rule != "action-due" || w[0].NotYetDue != 1 {
		t.Errorf("first worker row %+v", w[0])
	}
}

func TestOutputs(t *testing.T) {
	rows := Compute(sample[:2], from, to, ByRule)
	var b bytes.Buffer
	if err := CSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	wantCSV := "group,rule,total,on_time,late,missed,overdue,not_yet_due,on_time_pct,late_pct,missed_pct,overdue_pct\n" +
		",first-core-group,2,1,1,0,0,0,50.0,50.0,0.0,0.0\n" +
		",,2,1,1,0,0,0,50.0,50.0,0.0,0.0\n"
	if b.String() != wantCSV {
		t.Errorf("CSV:\n%s\nwant\n%s", b.String(), wantCSV)
	}
	b.Reset()
	if err := JSON(&b, nil); err != nil || b.String() != "[]\n" {
		t.Errorf("empty JSON %q %v", b.String(), err)
	}
}

func join(s []string) string {
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x)
	}
	return b.String()
}
