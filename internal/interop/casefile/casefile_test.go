package casefile

import (
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

func day(s string) civil.Date { return civil.MustParse(s) }

func load(t *testing.T, files map[string]string) *casefolder.Case {
	t.Helper()
	c, d := casefolder.LoadWith("c", day("2026-11-23"), func(name string) ([]byte, error) {
		if b, ok := files[filepath.Base(name)]; ok {
			return []byte(b), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	})
	// A control character written as an escape is read back, with a warning that it is there.
	for _, f := range d {
		if f.Severity == diag.Warning && strings.Contains(f.Msg, "control character") {
			continue
		}
		t.Fatalf("the files written do not load clean:\n%v\n%s", d, files[casefolder.PlanFile])
	}
	return c
}

// Written and read back, a case is the same case.
func TestWrittenCaseReadsBack(t *testing.T) {
	yes := true
	c := &casefolder.Case{Ref: "SSD-1: #1", Policy: "core-groups-s9", Team: "Team: North",
		Children: []casefolder.Child{
			{ID: "a", Name: "Ada 'Moss'", Born: day("2019-04-02"), Gender: casefolder.Female, Ethnicity: "WBRI", Disability: &yes, PreviousPlans: 2},
			{ID: "b", Expected: day("2027-01-15")},
		},
		Conferences: []casefolder.Conference{
			{Kind: casefolder.Initial, Date: day("2026-06-01"), Decision: casefolder.DecisionPlan, Children: []string{"a"}, Lead: "w1",
				CoreGroupEvery: duration.Duration{N: 4, Unit: duration.Weeks}, NextReview: day("2026-09-01"),
				Categories: []casefolder.Category{{Child: "a", Category: casefolder.Neglect}}},
			{Kind: casefolder.Review, Date: day("2026-08-28"), Decision: casefolder.DecisionEnd},
		},
		Orders:      []casefolder.Order{{Kind: casefolder.EPO, From: day("2026-05-01"), To: day("2026-05-08"), Children: []string{"a"}}},
		Allocations: []casefolder.Allocation{{From: day("2026-05-01"), Team: "Team North", Worker: "w1"}},
		Members:     []casefolder.Member{{ID: "w1", Name: "Sam: Okafor", Role: "lead-social-worker", Agency: "Children's Social Care", From: day("2026-05-01")}},
		Visits: []casefolder.Visit{
			{Date: day("2026-06-10"), By: "w1", Kind: casefolder.Home, Seen: []string{"a"}, Alone: []string{"a"}, Bedroom: true},
			{Date: day("2026-06-03"), By: "w1", Kind: casefolder.Other, NoAccess: true},
		},
	}
	files := Files(c, Options{Schemas: "../schemas", Header: []string{"made by a test"}})
	got := load(t, files)
	if got.Ref != c.Ref || got.Team != c.Team || got.Policy != c.Policy {
		t.Errorf("read back %q %q %q", got.Ref, got.Team, got.Policy)
	}
	clear := func(x any) {
		v := reflect.ValueOf(x).Elem()
		for i := 0; i < v.Len(); i++ {
			if f := v.Index(i).FieldByName("Pos"); f.IsValid() {
				f.Set(reflect.Zero(f.Type()))
			}
		}
	}
	for _, pair := range [][2]any{{&got.Children, &c.Children}, {&got.Conferences, &c.Conferences}, {&got.Orders, &c.Orders},
		{&got.Allocations, &c.Allocations}, {&got.Members, &c.Members}} {
		clear(pair[0])
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("read back\n %+v\nwant\n %+v", reflect.ValueOf(pair[0]).Elem(), reflect.ValueOf(pair[1]).Elem())
		}
	}
	// Visits are written in date order.
	clear(&got.Visits)
	if want := []casefolder.Visit{c.Visits[1], c.Visits[0]}; !reflect.DeepEqual(got.Visits, want) {
		t.Errorf("visits %+v", got.Visits)
	}
	plan := files[casefolder.PlanFile]
	for _, line := range []string{
		"# yaml-language-server: $schema=../schemas/case-plan.schema.json\n# made by a test\n",
		"case: 'SSD-1: #1'               # the case reference, unique across all cases\n",
		"  - id: a                       # short id of the child, used in seen, alone and children lists\n",
		"    categories:                 # child id: category of abuse",
		"      a: neglect\n",
	} {
		if !strings.Contains(plan, line) {
			t.Errorf("plan.yaml lacks %q:\n%s", line, plan)
		}
	}
	// Each key is described the first time a list holds it: the second child's id carries no
	// comment, its expected date (the first in the list) does.
	if !strings.Contains(plan, "  - id: b\n    expected: 2027-01-15        # expected date of delivery, for an unborn child\n") {
		t.Errorf("the second item repeats the descriptions:\n%s", plan)
	}
}

// A case with nothing recorded yet writes empty lists that read back as none.
func TestEmptyFiles(t *testing.T) {
	c := &casefolder.Case{Ref: "X", Children: []casefolder.Child{{ID: "a"}},
		Conferences: []casefolder.Conference{{Kind: casefolder.Initial, Date: day("2026-06-01"), Decision: casefolder.DecisionPlan}}}
	files := Files(c, Options{Notes: map[string][]string{casefolder.MeetingsFile: {"none yet"}}})
	if got := files[casefolder.MeetingsFile]; got != "# none yet\nmeetings: []                    # the meetings, in any order\n" {
		t.Errorf("meetings.yaml = %q", got)
	}
	got := load(t, files)
	if len(got.Members)+len(got.Meetings)+len(got.Visits) != 0 {
		t.Errorf("read back %+v", got)
	}
}

// Text that YAML would write over several lines, or that reads as another type, reads back as
// the same text on one line.
func TestTextStaysOnOneLine(t *testing.T) {
	long := strings.Repeat("Team of the North ", 10)
	for _, s := range []string{"Ada\nMoss", "a\r\nb", long, "true", "2026-10-01", "#x", "- x", "x: y", "'q'", `"q"`, "tab\there", "é ✓", "\u2028"} {
		c := &casefolder.Case{Ref: "X", Team: s, Children: []casefolder.Child{{ID: "a", Name: s}},
			Conferences: []casefolder.Conference{{Kind: casefolder.Initial, Date: day("2026-06-01"), Decision: casefolder.DecisionPlan}}}
		files := Files(c, Options{Header: []string{"from " + s}})
		got := load(t, files)
		if got.Team != s || got.Children[0].Name != s {
			t.Errorf("%q read back as %q and %q", s, got.Team, got.Children[0].Name)
		}
		if n := strings.Count(files[casefolder.PlanFile], "\n"); n != 10 {
			t.Errorf("%q: plan.yaml has %d lines, want 10:\n%s", s, n, files[casefolder.PlanFile])
		}
	}
}
