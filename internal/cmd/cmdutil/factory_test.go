package cmdutil

import (
	"testing"
	"time"
	_ "time/tzdata" // as cmd/cpcase does: Europe/London on machines without a zoneinfo database
)

// TestLondonDate: "today" is the date in Europe/London, which is UTC in winter (GMT) and UTC+1 in
// summer (BST), whatever zone the instant is written in. 2026's clocks go forward at 01:00 UTC on
// Sunday 29 March and back at 01:00 UTC on Sunday 25 October.
func TestLondonDate(t *testing.T) {
	if london == nil {
		t.Fatal("Europe/London did not load: tzdata is not embedded")
	}
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	cases := []struct{ at, want string }{
		// GMT: the London date is the UTC date.
		{"2026-01-15T23:59:59Z", "2026-01-15"},
		{"2026-01-16T00:00:00Z", "2026-01-16"},
		// BST: the London day starts at 23:00 UTC the evening before.
		{"2026-07-15T22:59:59Z", "2026-07-15"},
		{"2026-07-15T23:00:00Z", "2026-07-16"},
		// Clocks go forward: Saturday night is still GMT, Sunday ends at 23:00 UTC in BST.
		{"2026-03-28T23:59:59Z", "2026-03-28"},
		{"2026-03-29T00:00:00Z", "2026-03-29"},
		{"2026-03-29T00:59:59Z", "2026-03-29"},
		{"2026-03-29T01:00:00Z", "2026-03-29"}, // 02:00 BST
		{"2026-03-29T22:59:59Z", "2026-03-29"},
		{"2026-03-29T23:00:00Z", "2026-03-30"},
		// Clocks go back: Saturday night is BST, Sunday becomes GMT at 01:00 UTC and ends at midnight UTC.
		{"2026-10-24T22:59:59Z", "2026-10-24"},
		{"2026-10-24T23:00:00Z", "2026-10-25"},
		{"2026-10-25T00:59:59Z", "2026-10-25"}, // 01:59:59 BST
		{"2026-10-25T01:00:00Z", "2026-10-25"}, // 01:00:00 GMT, the hour again
		{"2026-10-25T23:59:59Z", "2026-10-25"},
		{"2026-10-26T00:00:00Z", "2026-10-26"},
		// New Year in BST's absence: midnight UTC.
		{"2026-12-31T23:59:59Z", "2026-12-31"},
		{"2027-01-01T00:00:00Z", "2027-01-01"},
	}
	zones := []*time.Location{time.UTC, time.FixedZone("UTC+14", 14*3600), time.FixedZone("UTC-12", -12*3600), london}
	for _, k := range cases {
		for _, z := range zones {
			// The same instant written in any zone is the same London date.
			if got := LondonDate(utc(k.at).In(z)); got.String() != k.want {
				t.Errorf("LondonDate(%s in %s) = %s, want %s", k.at, z, got, k.want)
			}
		}
	}
}
