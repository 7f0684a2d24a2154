package changes

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/history/gittest"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/changes"
	"github.com/cpcase/cpcase/internal/testutil"
)

// localPolicy is the two-rule policy whose dates the tests work by hand.
const localPolicy = testutil.TwoRulePolicy

func plan(ref, conference string) string {
	return "case: " + ref + "\npolicy: ../policy.yaml\nchildren: [{id: a, name: Alex Smith, born: 2019-04-02}]\nconferences:\n  - {kind: initial, date: " + conference + ", decision: plan, lead: sw1}\n"
}

const members = "members:\n  - {id: sw1, name: Sam Worker, role: lead-social-worker}\n"

// repo: case A opened Mon 2 Nov 2026 (conference that day, child seen Wed 4 Nov); a visit on
// Tue 17 Nov; the conference moved to Tue 3 Nov on Wed 18 Nov; case B opened Thu 19 Nov. The
// movements since 16 Nov are worked in internal/output/changes's test.
func repo(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write(map[string]string{
		"cases/policy.yaml":    localPolicy,
		"cases/a/plan.yaml":    plan("A-1", "2026-11-02"),
		"cases/a/members.yaml": members,
		"cases/a/visits.yaml":  "visits:\n  - {date: 2026-11-04, by: sw1, kind: home, seen: [a]}\n",
	})
	r.Commit("2026-11-02T10:00:00Z", "Open case A")
	r.Write(map[string]string{"cases/a/visits.yaml": "visits:\n  - {date: 2026-11-04, by: sw1, kind: home, seen: [a]}\n  - {date: 2026-11-17, by: sw1, kind: school, seen: [a]}\n"})
	r.Commit("2026-11-17T10:00:00Z", "Visit to A")
	r.Write(map[string]string{"cases/a/plan.yaml": plan("A-1", "2026-11-03")})
	r.Commit("2026-11-18T10:00:00Z", "Move A's conference")
	r.Write(map[string]string{"cases/b/plan.yaml": plan("B-1", "2026-11-19"), "cases/b/members.yaml": members})
	r.Commit("2026-11-19T10:00:00Z", "Open case B")
	return r
}

func options(ios *iostreams.IOStreams, paths ...string) *Options {
	return &Options{IO: ios, Today: func() civil.Date { return civil.MustParse("2026-11-23") }, Paths: paths, Since: "2026-11-16", Format: "table", FailOn: "never"}
}

func TestTable(t *testing.T) {
	r := repo(t)
	state := r.State()
	ios, _, out, errOut := iostreams.Test()
	o := options(ios, filepath.Join(r.Dir, "cases"))
	if err := Run(o); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasSuffix(lines[0], ` of 2026-11-02 ("Open case A"): 6 changes in 2 cases, 1 newly overdue (then as of 2026-11-16, now as of 2026-11-23).`) {
		t.Errorf("summary %q", lines[0])
	}
	var rows []string
	for _, l := range lines[2:] {
		if f := strings.Fields(l); len(f) > 2 {
			rows = append(rows, f[0]+" "+f[1])
		}
	}
	if got := strings.Join(rows, ", "); got != "A-1 overdue, A-1 met, A-1 moved, A-1 appeared, B-1 new, B-1 appeared, B-1 appeared" {
		t.Errorf("rows %s\n%s", got, out)
	}
	if !strings.Contains(out.String(), "Ann Author: Move A's conference") {
		t.Errorf("no author:\n%s", out)
	}
	if after := r.State(); after != state {
		t.Errorf("changes changed the repository:\n%s\nthen\n%s", state, after)
	}
}

func TestJSONRedactAndFailOn(t *testing.T) {
	r := repo(t)
	ios, _, out, _ := iostreams.Test()
	o := options(ios, filepath.Join(r.Dir, "cases", "a"))
	o.Format, o.Redact, o.FailOn = "json", true, "newly-overdue"
	o.Policy = filepath.Join(r.Dir, "cases", "policy.yaml") // outside cases/a: named on the command line
	err := Run(o)
	if !errors.Is(err, cmdutil.ErrFindings) {
		t.Errorf("--fail-on newly-overdue: got %v", err)
	}
	if strings.Contains(out.String(), "Ann") || strings.Contains(out.String(), "@example.org") {
		t.Errorf("--redact kept an author:\n%s", out)
	}
	var j struct {
		NewlyOverdue int `json:"newly_overdue"`
		Cases        []struct{ Case string }
	}
	if err := json.Unmarshal(out.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	// Only case A was asked about.
	if j.NewlyOverdue != 1 || len(j.Cases) != 1 || j.Cases[0].Case != "A-1" {
		t.Errorf("got %+v", j)
	}
}

// Since a revision (Visit to A), as of its day (Tue 17 Nov): the visit is already there; the
// conference's move makes first-core-group overdue (due Mon 16 Nov then, already overdue on the
// 17th; due Tue 17 Nov now, overdue on the 23rd: not newly overdue, but moved).
func TestSinceRevisionCSV(t *testing.T) {
	r := repo(t)
	ios, _, out, _ := iostreams.Test()
	o := options(ios, filepath.Join(r.Dir, "cases", "a"))
	o.Since, o.Format, o.FailOn = "HEAD~2", "csv", "newly-overdue"
	o.Policy = filepath.Join(r.Dir, "cases", "policy.yaml")
	if err := Run(o); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := out.String()
	for _, want := range []string{
		"A-1,moved,false,first-core-group,First core group,,,1,2026-11-16,overdue,2026-11-17,overdue,",
		"A-1,moved,false,child-seen,Child seen,a,since 2026-11-03,1,2026-11-16,met,2026-11-17,met,",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "\n"); n != 3 {
		t.Errorf("%d lines, want a header and 2 rows:\n%s", n, got)
	}
}

func TestUncommitted(t *testing.T) {
	r := repo(t)
	r.Write(map[string]string{"cases/b/visits.yaml": "visits:\n  - {date: 2026-11-20, by: sw1, kind: home, seen: [a]}\n"})
	ios, _, out, _ := iostreams.Test()
	o := options(ios, filepath.Join(r.Dir, "cases", "b"))
	o.Format, o.Policy = "json", filepath.Join(r.Dir, "cases", "policy.yaml")
	if err := Run(o); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"uncommitted": true`) {
		t.Errorf("uncommitted visit not marked:\n%s", out)
	}
}

func TestOutsideARepository(t *testing.T) {
	gittest.Isolate(t)
	dir := t.TempDir()
	ios, _, _, _ := iostreams.Test()
	err := Run(options(ios, dir))
	if !errors.Is(err, history.ErrNotRepo) || err.Error() != dir+" is not inside a git repository (changes and --at read earlier states of the case folders from git)" {
		t.Errorf("got %v", err)
	}
}

func TestMistakes(t *testing.T) {
	r := repo(t)
	for _, c := range []struct {
		mod  func(o *Options)
		want string
	}{
		{func(o *Options) { o.Since = "" }, "--since is required"},
		{func(o *Options) { o.Since = "nope" }, `--since: "nope" is not a commit of this repository`},
		{func(o *Options) { o.Since = "2026-01-01" }, "--since: no commit before 2026-01-01"},
		{func(o *Options) { o.FailOn = "overdue" }, `--fail-on: unknown value "overdue" (expected newly-overdue or never)`},
		{func(o *Options) { o.Format = "ics" }, `--format: unknown format "ics"`},
	} {
		ios, _, _, _ := iostreams.Test()
		o := options(ios, filepath.Join(r.Dir, "cases"))
		c.mod(o)
		err := Run(o)
		if err == nil || !cmdutil.IsUsage(err) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("got %v, want a usage error %q", err, c.want)
		}
	}
}

// Every output, through runs on disk (a budget of one byte: every record of the movement
// spilled and merged back), is the same bytes as held in memory: the table into a file (read
// twice), the boxed table of a terminal in colour, JSON and CSV.
func TestThroughTheDisk(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	r := repo(t)
	outputs := func() string {
		var all strings.Builder
		for _, f := range []struct {
			format   string
			terminal bool
		}{{"table", false}, {"table", true}, {"json", false}, {"csv", false}} {
			ios, _, out, errOut := iostreams.Test()
			ios.SetStdoutTTY(f.terminal)
			ios.SetColorEnabled(f.terminal)
			o := options(ios, filepath.Join(r.Dir, "cases"))
			o.Format = f.format
			if err := Run(o); err != nil {
				t.Fatalf("%s: %v\n%s", f.format, err, errOut)
			}
			all.WriteString(out.String())
		}
		return all.String()
	}
	inMemory := outputs()
	defer func(b int) { changes.MoveBudget = b }(changes.MoveBudget)
	changes.MoveBudget = 1
	if got := outputs(); got != inMemory {
		t.Errorf("through the disk:\n%s\nin memory:\n%s", got, inMemory)
	}
	for _, want := range []string{"\x1b[1;31moverdue\x1b[0m", "│ A-1  │", `"newly_overdue": 1`, "A-1,overdue,true,first-core-group"} {
		if !strings.Contains(inMemory, want) {
			t.Errorf("no %q in the outputs:\n%s", want, inMemory)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "cpcase-*")); len(left) > 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
}
