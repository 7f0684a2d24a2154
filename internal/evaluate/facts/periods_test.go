package facts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// Plan periods from docs/format.md: started by plan (initial, pre-birth, transfer-in) when none runs;
// plan while one runs adds children; end takes children off, and the period ends with the last;
// a conference after today is a booking and changes nothing.
func TestPeriods(t *testing.T) {
	conf := func(kind, date, decision string, children ...string) casefolder.Conference {
		return casefolder.Conference{Kind: kind, Date: civil.MustParse(date), Decision: decision, Children: children}
	}
	c := &casefolder.Case{
		Children: []casefolder.Child{{ID: "a"}, {ID: "b"}, {ID: "c"}},
		Conferences: []casefolder.Conference{
			conf("review", "2026-01-05", "plan"),           // no period runs, and a review cannot start one
			conf("initial", "2026-01-12", "no-plan"),       // no plan made
			conf("initial", "2026-02-02", "plan", "a"),     // period 1 starts, for a
			conf("initial", "2026-03-02", "plan", "b"),     // adds b
			conf("review", "2026-04-06", "end", "a"),       // a comes off; b remains
			conf("review", "2026-05-04", "continue"),       // keeps it
			conf("review", "2026-06-01", "end"),            // all off: period 1 ends
			conf("transfer-in", "2026-07-06", "plan", "c"), // period 2
			conf("review", "2026-12-07", "end"),            // booked: not yet held
		},
	}
	ps := Periods(c, civil.MustParse("2026-11-23"))
	var got []string
	for _, p := range ps {
		s := fmt.Sprintf("%d: %s..%s", p.N, p.Start, p.End)
		for _, sp := range p.Spans {
			s += fmt.Sprintf(" %s[%s..%s]", sp.Child, sp.From, sp.To)
		}
		got = append(got, s)
	}
	want := []string{
		"1: 2026-02-02..2026-06-01 a[2026-02-02..2026-04-06] b[2026-03-02..2026-06-01]",
		"2: 2026-07-06.. c[2026-07-06..]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("periods:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(ps[0].Conferences) != 5 {
		t.Errorf("period 1 holds %d conferences, want 5 (2 Feb to 1 Jun)", len(ps[0].Conferences))
	}
}

// The conference filter of rules and checks: kind, decision (plan while a plan runs counts as
// continue) and ends_plan (the conference that ends the period, or all but it).
func TestMatchConference(t *testing.T) {
	start := &casefolder.Conference{Kind: "initial", Decision: "plan"}
	mid := &casefolder.Conference{Kind: "pre-birth", Decision: "plan"}
	rev := &casefolder.Conference{Kind: "review", Decision: "continue"}
	end := &casefolder.Conference{Kind: "review", Decision: "end"}
	p := &Period{StartConf: start, EndConf: end, Conferences: []*casefolder.Conference{start, mid, rev, end}}
	yes, no := true, false
	for _, tc := range []struct {
		name string
		f    policy.ConferenceFilter
		want string // which of start, mid, rev, end match
	}{
		{"no filter", policy.ConferenceFilter{}, "start mid rev end"},
		{"reviews", policy.ConferenceFilter{Kinds: []string{"review"}}, "rev end"},
		{"continue", policy.ConferenceFilter{Decisions: []string{"continue"}}, "mid rev"},
		{"ends the plan", policy.ConferenceFilter{EndsPlan: &yes}, "end"},
		{"does not end it", policy.ConferenceFilter{EndsPlan: &no}, "start mid rev"},
	} {
		var got []string
		for i, cf := range p.Conferences {
			if MatchConference(tc.f, cf, p) {
				got = append(got, []string{"start", "mid", "rev", "end"}[i])
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, got, tc.want)
		}
	}
}
