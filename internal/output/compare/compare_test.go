package compare

import (
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

func ob(rule string, due string, s engine.Status, line int) engine.Obligation {
	o := engine.Obligation{Rule: rule, Status: s, Period: 1, Anchor: casefolder.Pos{File: "meetings.yaml", Line: line}}
	if due != "" {
		o.Due = civil.MustParse(due)
	}
	return o
}

func rank(rule string) int { return map[string]int{"first": 1, "cadence": 2, "extra": 3}[rule] }

// Obligations pair up by rule, period and the record they are counted from: a link from the
// same meeting due later and now met is a change; one only B gives is shown against none; one
// due outside the range under both policies is not.
func TestChanges(t *testing.T) {
	from, to := civil.MustParse("2026-01-01"), civil.MustParse("2026-06-30")
	c := Case{
		Ref: "C1",
		A: []engine.Obligation{
			ob("first", "2026-03-16", engine.Met, 1),
			ob("cadence", "2026-04-09", engine.Late, 2),
			ob("cadence", "2026-08-01", engine.Overdue, 3),
		},
		B: []engine.Obligation{
			ob("first", "2026-03-16", engine.Met, 1),
			ob("cadence", "2026-04-23", engine.Met, 2),
			ob("cadence", "2026-08-15", engine.Open, 3),
			ob("extra", "2026-05-01", engine.Overdue, 4),
		},
		RankA: rank, RankB: rank,
	}
	res := Compute([]Case{c}, from, to)
	if len(res.Changes) != 2 || res.ChangedCases != 1 || res.Cases != 1 {
		t.Fatalf("changes %+v", res.Changes)
	}
	if ch := res.Changes[0]; ch.Rule != "cadence" || ch.StatusA != engine.Late || ch.StatusB != engine.Met || ch.DueB != civil.MustParse("2026-04-23") {
		t.Errorf("first change %+v", ch)
	}
	if ch := res.Changes[1]; ch.Rule != "extra" || ch.StatusA != "" || ch.StatusB != engine.Overdue {
		t.Errorf("second change %+v", ch)
	}
	// figures: per rule, then the total; the change is B less A
	if len(res.Rules) != 4 || res.Rules[3].Rule != "" {
		t.Fatalf("rules %+v", res.Rules)
	}
	cad := res.Rules[1]
	if cad.Rule != "cadence" || cad.A.Late != 1 || cad.B.OnTime != 1 || cad.Change.Late != -1 || cad.Change.OnTime != 1 || *cad.Change.OnTimePct != 100 {
		t.Errorf("cadence %+v", cad)
	}
	if extra := res.Rules[2]; extra.A.Total != 0 || extra.B.Overdue != 1 || extra.Change.OnTimePct != nil {
		t.Errorf("extra %+v", extra)
	}
	if same := Compute([]Case{{Ref: "C1", A: c.A, B: c.A, RankA: rank, RankB: rank}}, from, to); len(same.Changes) != 0 || same.ChangedCases != 0 {
		t.Errorf("a policy against itself: %+v", same.Changes)
	}
}
