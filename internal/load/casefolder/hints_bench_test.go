package casefolder

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/dates/civil"
)

// hugeCase writes the case of row 10 of the hostile-files table into dir: a members.yaml of
// about 0.5 MB (thousands of members) and a meetings.yaml of about 0.9 MB whose attendees are
// each one edit away from a member (so every one is unknown and has a near miss), both within
// every limit of the loader.
func hugeCase(tb testing.TB, dir string) {
	plan, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "s9-three-children", "plan.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	var m strings.Builder
	m.WriteString("members:\n")
	const members = 12000
	for i := range members {
		fmt.Fprintf(&m, "  - {id: w%06d, name: Worker, role: teacher}\n", i)
	}
	var mt strings.Builder
	mt.WriteString("meetings:\n")
	for i := 0; mt.Len() < 900_000; i++ {
		fmt.Fprintf(&mt, "  - date: 2026-07-01\n    kind: core-group\n    present: [")
		for j := range 40 {
			if j > 0 {
				mt.WriteString(", ")
			}
			fmt.Fprintf(&mt, "x%06d", (i*40+j)%members) // w -> x: one edit from a member
		}
		mt.WriteString("]\n")
	}
	for name, data := range map[string]string{PlanFile: string(plan), MembersFile: m.String(), MeetingsFile: mt.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkUnknownIDHints: a case within the limits, naming tens of thousands of unknown ids
// against thousands of members, is checked in under 2 s (it took about 26 minutes while every
// unknown id was compared with every member).
func BenchmarkUnknownIDHints(b *testing.B) {
	dir := b.TempDir()
	hugeCase(b, dir)
	today := civil.MustParse("2026-11-23")
	var worst time.Duration
	for b.Loop() {
		start := time.Now()
		_, d := Load(dir, today)
		worst = max(worst, time.Since(start))
		if d.Errors() < 10_000 {
			b.Fatalf("%d errors: the unknown ids were not all reported", d.Errors())
		}
	}
	if worst > 2*time.Second {
		b.Errorf("a case within the limits took %v to check; the limit is 2 s", worst)
	}
}

// TestUnknownIDHintsCapped: every unknown id is reported, the first yamlwalk.MaxHints of them
// with a hint and the rest without.
func TestUnknownIDHintsCapped(t *testing.T) {
	dir := t.TempDir()
	hugeCase(t, dir)
	_, d := Load(dir, civil.MustParse("2026-11-23"))
	hinted, unknown := 0, 0
	for _, x := range d {
		if strings.Contains(x.Msg, "unknown member") {
			unknown++
			if strings.Contains(x.Msg, "did you mean") {
				hinted++
			}
		}
	}
	// The plan's own references (to members this members.yaml lacks) take some of the hints.
	if unknown < 10_000 || hinted == 0 || hinted > 50 {
		t.Errorf("%d unknown members reported, %d with a hint; want over 10000, and 1 to 50", unknown, hinted)
	}
}
