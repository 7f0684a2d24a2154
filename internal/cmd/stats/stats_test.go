package stats

import (
	"encoding/json"
	"testing"

	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/stats"
	"github.com/cpcase/cpcase/internal/redact"
	"github.com/cpcase/cpcase/internal/testutil"
)

// statsJSON is the figures of the examples as of 23 Nov 2026 from FROM to TO [by BY].
func statsJSON(t *testing.T, args ...string) []stats.Row {
	t.Helper()
	ios, _, stdout, errOut := iostreams.Test()
	o := &Options{IO: ios, Paths: []string{testutil.Path(t, "examples")}, AsOf: "2026-11-23", Format: "json", By: "rule"}
	o.From, o.To = args[0], args[1]
	if len(args) > 2 {
		o.By = args[2]
	}
	if err := Run(o); err != nil || errOut.Len() > 0 {
		t.Fatalf("stats: %v\n%s", err, errOut)
	}
	out := stdout.String()
	var rows []stats.Row
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// figures is a row as total / on time / late / missed / overdue / not yet due.
type figures [6]int

func rowFigures(r stats.Row) figures {
	return figures{r.Total, r.OnTime, r.Late, r.Missed, r.Overdue, r.NotYetDue}
}

// The compliance figures of the six examples for 1 Jan to 23 Nov 2026, as of 23 Nov, every rule
// worked by hand from examples/README.md (due dates in the range only; waiting and no-timescale
// rows have no due date and are not counted).
func TestStatsExamplesByHand(t *testing.T) {
	t.Parallel()
	want := map[string]struct {
		f   figures
		pct string
	}{
		// s9 25 Jun (met 24 Jun), booking 28 Apr (met 24 Apr), scotland 1 Apr (met 31 Mar),
		// w17 18 Mar (met 17 Mar) and 20 Aug (met on the day); ch7 pre-birth plans have none:
		// 5 fell due, 5 on time.
		"first-core-group": {figures{5, 5, 0, 0, 0, 0}, "100.0%"},
		// booking 26 May, met 21 May
		"second-core-group": {figures{1, 1, 0, 0, 0, 0}, "100.0%"},
		// ch7-born 11 Aug late, 24 Sep, 16 Oct met (26 Nov is after the range); s9 5 Aug met,
		// 16 Sep late, 17 Nov met; booking 22 May, 18 Jun met, 16 Jul late, 3 Sep, 15 Oct met;
		// scotland 28 Apr met, 26 May late, 25 Jun, 21 Jul, 18 Aug, 15 Sep met, 8 Oct missed;
		// w17 14 Apr, 12 May met (9 Jun dropped), 17 Sep, 15 Oct met, 12 Nov late.
		// 3+3+5+7+5 = 23: 17 on time, 5 late, 1 missed; 17/23 = 73.9%.
		"core-group-cadence": {figures{23, 17, 5, 1, 0, 0}, "73.9%"},
		// ch7-born: born 28 Aug + 10 days = 7 Sep, met 4 Sep (the unborn child's row is waiting)
		"pre-birth-core-group": {figures{1, 1, 0, 0, 0, 0}, "100.0%"},
		// w17: 10 Nov, met 17 Nov
		"post-review-core-group": {figures{1, 0, 1, 0, 0, 0}, "0.0%"},
		// s9: 11 Sep met by the review of 10 Sep (the next link, 10 Mar 2027, is outside)
		"review-conference": {figures{1, 1, 0, 0, 0, 0}, "100.0%"},
		// s9: 20 Jul, completed 24 Jul
		"core-assessment": {figures{1, 0, 1, 0, 0, 0}, "0.0%"},
		// booking: 24 Apr, agreed 24 Apr
		"plan-agreed": {figures{1, 1, 0, 0, 0, 0}, "100.0%"},
		// s9 1 Jul, 12 Aug met, 24 Sep late, 27 Oct overdue; w17 24 Mar met, 21 Apr late,
		// 19 May, 27 Aug, 24 Sep, 22 Oct met (24 Nov is outside); booking's have no timescale.
		// 10: 7 on time, 2 late, 1 overdue.
		"record-circulated": {figures{10, 7, 2, 0, 1, 0}, "70.0%"},
		// s9 6 Jul met 3 Jul; booking 21 May, last signature 28 May
		"agreement-signed": {figures{2, 1, 1, 0, 0, 0}, "50.0%"},
		// s9 only: nine links for each of three children to 23 Sep, all met (27); the 20 Oct link
		// for each (3); Leo and Remy 11 and 17 Nov (4); Tia 12 Nov overdue (1). 35: 34 on time.
		"child-seen": {figures{35, 34, 0, 0, 1, 0}, "97.1%"},
		// s9: Tia 23 Jul, 24 Jul, 19 Aug, 25 Sep, 21 Oct met, 3 Nov overdue; Leo 23 Jul, 6 Aug,
		// 1 Sep, 25 Sep, 21 Oct met, 3 Nov late; Remy 23 Jul, 1 Sep, 8 Oct, 3 Nov met (1 Dec is
		// outside). 16: 14 on time, 1 late, 1 overdue.
		"seen-alone": {figures{16, 14, 1, 0, 1, 0}, "87.5%"},
		// s9: the initial conference's window, due 11 Sep, met 12 Jun
		"bedroom-seen": {figures{1, 1, 0, 0, 0, 0}, "100.0%"},
		// s9: 13 Aug escalated the same day; 18 Nov not escalated
		"no-access-escalation": {figures{2, 1, 0, 0, 1, 0}, "50.0%"},
		// w17: 17 Sep, escalated the same day
		"absence-escalation": {figures{1, 1, 0, 0, 0, 0}, "100.0%"},
		// ch7-born a1, m2a, m4b met, a2 late, a3 overdue (m4a 4 Dec outside); ch7-waiting a1 met;
		// s9 a2, a4, m4b met, a1 late, m4a overdue; booking a1, a3 met, a2 overdue; scotland a1,
		// m7a met, a2 late, a3 missed (a4 dropped); w17 a1, a2, m1a, m4a met, a3 overdue.
		// 5+1+5+3+4+5 = 23: 15 on time, 3 late, 1 missed, 4 overdue.
		"action-due": {figures{23, 15, 3, 1, 4, 0}, "65.2%"},
		// the sum of the rows above: 124 fell due, 100 on time, 14 late, 2 missed, 8 overdue
		"": {figures{124, 100, 14, 2, 8, 0}, "80.6%"},
	}
	rows := statsJSON(t, "2026-01-01", "2026-11-23")
	if len(rows) != len(want) {
		t.Errorf("%d rows, want %d", len(rows), len(want))
	}
	for _, r := range rows {
		w, ok := want[r.Rule]
		if !ok {
			t.Errorf("unexpected row %q", r.Rule)
			continue
		}
		if got := rowFigures(r); got != w.f || r.Group != "" || stats.PctText(r.OnTimePct) != w.pct {
			t.Errorf("%s: %v %s, want %v %s", r.Rule, got, stats.PctText(r.OnTimePct), w.f, w.pct)
		}
	}
	if rows[0].Rule != "first-core-group" || rows[len(rows)-1].Rule != "" {
		t.Errorf("rows not in the policy's rule order with the total last: first %q last %q", rows[0].Rule, rows[len(rows)-1].Rule)
	}
}

// A range that runs past the as-of date: what is due after 23 Nov has not fallen due yet and
// stays out of the percentages.
func TestStatsNotYetDue(t *testing.T) {
	t.Parallel()
	rows := statsJSON(t, "2026-11-01", "2026-12-31")
	got := map[string]figures{}
	for _, r := range rows {
		got[r.Rule] = rowFigures(r)
	}
	want := map[string]figures{
		// s9 17 Nov met; w17 12 Nov late; not yet: ch7-born 26 Nov, ch7-waiting 15 Dec, s9 20 Dec,
		// booking 26 Nov, w17 15 Dec
		"core-group-cadence": {2, 1, 1, 0, 0, 5},
		// Leo and Remy 11, 17 Nov met; Tia 12 Nov overdue; not yet: Leo and Remy 8 Dec
		"child-seen": {5, 4, 0, 0, 1, 2},
		// Tia 3 Nov overdue, Leo 3 Nov late, Remy 3 Nov met and 1 Dec met early; not yet: Leo,
		// Remy 22 Dec
		"seen-alone": {4, 2, 1, 0, 1, 2},
		// scotland: 24 Nov, met 19 Nov (met early: counted although not yet past its date)
		"post-plan-meeting": {1, 1, 0, 0, 0, 0},
	}
	for rule, w := range want {
		if got[rule] != w {
			t.Errorf("%s: %v, want %v", rule, got[rule], w)
		}
	}
}

// Per team: Team East is the two ch7 cases.
func TestStatsByTeam(t *testing.T) {
	t.Parallel()
	rows := statsJSON(t, "2026-01-01", "2026-11-23", "team")
	var east []stats.Row
	for _, r := range rows {
		if r.Group == "Team East (example)" {
			east = append(east, r)
		}
	}
	// ch7-born: pre-birth 7 Sep met; cadence 11 Aug late, 24 Sep, 16 Oct met; actions a1, m2a,
	// m4b met, a2 late, a3 overdue; ch7-waiting: action a1 met.
	want := []struct {
		rule string
		f    figures
	}{
		{"core-group-cadence", figures{3, 2, 1, 0, 0, 0}},
		{"pre-birth-core-group", figures{1, 1, 0, 0, 0, 0}},
		{"action-due", figures{6, 4, 1, 0, 1, 0}},
		{"", figures{10, 7, 2, 0, 1, 0}},
	}
	if len(east) != len(want) {
		t.Fatalf("Team East rows %+v", east)
	}
	for i, w := range want {
		if east[i].Rule != w.rule || rowFigures(east[i]) != w.f {
			t.Errorf("Team East row %d: %s %v, want %s %v", i, east[i].Rule, rowFigures(east[i]), w.rule, w.f)
		}
	}
}

// By worker, obligations go to the lead social worker on their due date: w17's first period
// (to June) was Femi's, the second Holly's. JSON names no one: each worker is their label.
func TestStatsByWorker(t *testing.T) {
	t.Parallel()
	rows := statsJSON(t, "2026-01-01", "2026-11-23", "worker")
	got := map[string]figures{}
	for _, r := range rows {
		if r.Rule == "first-core-group" {
			got[r.Group] = rowFigures(r)
		}
	}
	if got[redact.Label("Femi")] != (figures{1, 1, 0, 0, 0, 0}) || got[redact.Label("Holly")] != (figures{1, 1, 0, 0, 0, 0}) || got["Femi"] != (figures{}) {
		t.Errorf("w17 first core groups by worker: %v", got)
	}
}
