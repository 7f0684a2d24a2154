package root

import (
	"encoding/json"
	"strings"
	"testing"
)

// The examples' agenda as of Mon 23 Nov 2026 in every format (the rows are worked by hand in
// internal/output/agenda); the calendar parses and holds an event per booking.
func TestAgendaExamplesGolden(t *testing.T) {
	t.Chdir("../../..")
	for _, c := range []struct {
		name string
		args []string
	}{
		{"agenda/examples.txt", nil},
		{"agenda/examples-120-days.txt", []string{"--days", "120"}},
		{"agenda/examples.csv", []string{"--format", "csv"}},
		{"agenda/examples.ics", []string{"--days", "120", "--format", "ics"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, append([]string{"agenda", "examples", "--as-of", "2026-11-23"}, c.args...)...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, c.name, out)
		})
	}
	out, _, _ := run(t, "agenda", "examples", "--as-of", "2026-11-23", "--format", "ics", "--days", "120")
	events, _ := icsEvents(t, out)
	booked := 0
	for _, ev := range events {
		if prop(&ev.ComponentBase, "STATUS") != "CANCELLED" {
			booked++
		}
	}
	if booked != 6 {
		t.Errorf("%d events, want 5 bookings and 1 unbooked review", booked)
	}
	js, _, _ := run(t, "agenda", "examples", "--as-of", "2026-11-23", "--format", "json")
	var recs []map[string]any
	if err := json.Unmarshal([]byte(js), &recs); err != nil || len(recs) != 5 {
		t.Fatalf("%d records: %v", len(recs), err)
	}
	if recs[1]["case"] != "EX-BK-0001" || recs[1]["booked_late"] != true {
		t.Errorf("second row %v, want the booking case's late core group", recs[1])
	}
}

func TestAgendaUsage(t *testing.T) {
	t.Chdir("../../..")
	for _, args := range [][]string{
		{"agenda", "examples", "--format", "xml"},
		{"agenda", "examples", "--days", "0"},
		{"agenda", "examples", "--names", "--redact"},
		{"agenda", "examples", "--cancelled", "3 days"},
		{"agenda", "examples", "--as-of", "23/11/2026"},
	} {
		if _, errOut, code := run(t, args...); code != ExitUsage || !strings.HasPrefix(errOut, "cpcase: --") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	// A case that cannot be read is named, and the agenda of the others still comes: exit 1.
	out, errOut, code := run(t, "agenda", "examples", "testdata/malformed/unknown-key", "--as-of", "2026-11-23")
	if code != ExitFindings || !strings.Contains(errOut, "1 case not read") || !strings.Contains(out, "EX-BK-0001") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	help, _, _ := run(t, "agenda", "--help")
	if !strings.Contains(help, "WARNING: identifiable data about children") {
		t.Error("--names has no warning in the help")
	}
}
