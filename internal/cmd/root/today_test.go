package root

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // as cmd/cpcase does: Europe/London on machines without a zoneinfo database

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
)

// TestDueWithoutAsOfIsLondonToday: due without --as-of evaluates as of the London date, in GMT
// and in BST, a minute either side of London's midnight, and says so in its first line.
func TestDueWithoutAsOfIsLondonToday(t *testing.T) {
	ex := filepath.Join("..", "..", "..", "examples")
	cases := []struct {
		now, head, asOf string
	}{
		{"2026-11-23T23:59:00Z", "As of Mon 23 Nov 2026 (Europe/London)", "2026-11-23"},
		{"2026-11-24T00:01:00Z", "As of Tue 24 Nov 2026 (Europe/London)", "2026-11-24"},
		{"2026-07-15T22:59:00Z", "As of Wed 15 Jul 2026 (Europe/London)", "2026-07-15"},
		{"2026-07-15T23:01:00Z", "As of Thu 16 Jul 2026 (Europe/London)", "2026-07-16"},
	}
	for _, k := range cases {
		at, err := time.Parse(time.RFC3339, k.now)
		if err != nil {
			t.Fatal(err)
		}
		now := func() time.Time { return at }
		got, stderr, code := mainOutAt(t, now, "due", ex, "--all")
		if code == ExitUsage || !strings.HasPrefix(got, k.head) {
			t.Errorf("now %s: exit %d, first line %q, want %q\n%s", k.now, code, firstLine(got), k.head, stderr)
			continue
		}
		want, _, _ := mainOutAt(t, now, "due", ex, "--all", "--as-of", k.asOf)
		if got != want {
			t.Errorf("now %s: due differs from due --as-of %s", k.now, k.asOf)
		}
	}
}

// TestCheckWithoutAsOfIsLondonToday: check's "born after today" uses the London date too. A child
// born on 16 July is born by 23:00 UTC on the 15th (midnight BST), not before.
func TestCheckWithoutAsOfIsLondonToday(t *testing.T) {
	dir := exampleCopy(t, "s9-three-children")
	plan := filepath.Join(dir, "plan.yaml")
	raw, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	data := string(raw)
	born := "born: 2026-07-16"
	i := strings.Index(data, "born: ")
	if i < 0 {
		t.Fatal("example has no born date")
	}
	writeFile(t, plan, []byte(data[:i]+born+data[i+len(born):]))
	for _, k := range []struct {
		now  string
		code int
	}{
		{"2026-07-15T22:59:59Z", ExitFindings},
		{"2026-07-15T23:00:00Z", ExitClean},
	} {
		at, _ := time.Parse(time.RFC3339, k.now)
		now := func() time.Time { return at }
		out, _, code := mainOutAt(t, now, "check", dir)
		if code != k.code {
			t.Errorf("now %s: exit %d, want %d\n%s", k.now, code, k.code, out)
		}
		if k.code == ExitFindings && !strings.Contains(out, "born 2026-07-16 is after today (2026-07-15)") {
			t.Errorf("now %s: no born-after-today finding:\n%s", k.now, out)
		}
	}
	if civil.MustParse("2026-07-16") != cmdutil.LondonDate(time.Date(2026, 7, 15, 23, 0, 0, 0, time.UTC)) {
		t.Error("23:00 UTC on 15 July is not 16 July in London")
	}
}

// TestTzdataEmbedded: the cpcase command embeds the zone database, so "today" is right on a
// machine without one (Windows, distroless containers).
func TestTzdataEmbedded(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command here")
	}
	cmd := exec.Command(goTool, "list", "-deps", "./cmd/cpcase")
	cmd.Dir = "../../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains("\n"+string(out), "\ntime/tzdata\n") {
		t.Error("cmd/cpcase does not import time/tzdata")
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
