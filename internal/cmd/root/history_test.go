package root

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/history/gittest"
)

// at23 is the clock of the examples' day: Mon 23 Nov 2026, noon in London.
func at23() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }

// exampleRepo is a git repository holding the s9 example as committed on Mon 16 Nov 2026, then
// a commit of Fri 20 Nov that records the visit of Thu 19 Nov seeing Tia, and a commit that adds
// the booking example's case.
func exampleRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	r := gittest.New(t)
	ex := filepath.Join("..", "..", "..", "examples")
	if err := os.CopyFS(filepath.Join(r.Dir, "cases", "s9"), os.DirFS(filepath.Join(ex, "s9-three-children"))); err != nil {
		t.Fatal(err)
	}
	r.Commit("2026-11-16T09:00:00Z", "s9 as of the weekly review")
	visits, err := os.ReadFile(filepath.Join(r.Dir, "cases", "s9", "visits.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r.Write(map[string]string{"cases/s9/visits.yaml": string(visits) + "  - {date: 2026-11-19, by: sw1, kind: school, seen: [t]}\n"})
	r.Commit("2026-11-20T09:00:00Z", "Tia seen at school")
	if err := os.CopyFS(filepath.Join(r.Dir, "cases", "bk"), os.DirFS(filepath.Join(ex, "booking-cadence-set-by-conference"))); err != nil {
		t.Fatal(err)
	}
	r.Commit("2026-11-21T09:00:00Z", "Add the booking case")
	return r
}

// From anywhere (no git repository): explain reads only the case.
func TestExplainOutsideARepository(t *testing.T) {
	gittest.Isolate(t)
	dir := filepath.Join(t.TempDir(), "s9")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "..", "examples", "s9-three-children"))); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Dir(dir))
	out, errOut, code := cpcaseAt(t, at23, "explain", "s9", "first-core-group")
	if code != ExitClean {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	want := `EX-S9-0001  first-core-group: First core group (9.2.4)
  rule      a core group within 10 working days of the conference that started the plan
            policy core-groups-s9, embedded:core-groups-s9.yaml:N
  period    plan period 1
  anchor    the conference that started the plan: initial conference, Thu 11 Jun 2026 (s9/plan.yaml:21)
  count     10 working days after Thu 11 Jun 2026, the anchor day not counted; 10 working days counted in the england-and-wales calendar
  skipped   4 weekend days: Sat 13 Jun, Sun 14 Jun, Sat 20 Jun, Sun 21 Jun
  due       Thu 25 Jun 2026
  met       core group, Wed 24 Jun 2026 (s9/meetings.yaml:7)
  status    met on time (as of Mon 23 Nov 2026)
`
	if out = regexp.MustCompile(`yaml:\d+\n`).ReplaceAllString(out, "yaml:N\n"); out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	// changes and --at need git, and say so.
	for _, args := range [][]string{{"changes", "--since", "2026-11-16", "s9"}, {"due", "s9", "--at", "HEAD"}} {
		_, errOut, code := cpcaseAt(t, at23, args...)
		if code != ExitUsage || errOut != "cpcase: s9 is not inside a git repository (changes and --at read earlier states of the case folders from git)\n" {
			t.Errorf("%s: exit %d, %q", strings.Join(args, " "), code, errOut)
		}
	}
}

func TestExplainUsage(t *testing.T) {
	_, errOut, code := cpcaseAt(t, at23, "explain")
	if code != ExitUsage || !strings.Contains(errOut, "accepts between 1 and 2 arg(s)") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	_, errOut, code = cpcaseAt(t, at23, "explain", "../../../examples/s9-three-children", "nope")
	if code != ExitUsage || !strings.HasPrefix(errOut, `cpcase: no rule "nope" in the case's policy (its rules: first-core-group,`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// due --explain: the table, then one line per obligation in the table's order.
func TestDueExplain(t *testing.T) {
	out, errOut, code := cpcaseAt(t, at23, "due", "../../../examples/booking-cadence-set-by-conference", "--explain")
	if code != ExitClean {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	_, why, ok := strings.Cut(out, "\nHow each date was worked out:\n")
	if !ok {
		t.Fatalf("no explanations:\n%s", out)
	}
	for _, want := range []string{
		"EX-BK-0001 core-group-cadence (Core group at the frequency the conference set, since 2026-10-15): ",
		"6 weeks after core group, Thu 15 Oct 2026 (../../../examples/booking-cadence-set-by-conference/meetings.yaml:69); core_group_every 6 weeks set by the review conference, Tue 14 Jul 2026 (../../../examples/booking-cadence-set-by-conference/plan.yaml:22); booked Thu 3 Dec 2026 (../../../examples/booking-cadence-set-by-conference/meetings.yaml:82)\n",
	} {
		if !strings.Contains(why, want) && !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	out, _, _ = cpcaseAt(t, at23, "due", "../../../examples/booking-cadence-set-by-conference", "--explain", "--format", "json")
	if !strings.Contains(out, `"explain": "10 working days after initial conference`) && !strings.Contains(out, `"explain": "6 weeks after core group, Thu 15 Oct 2026`) {
		t.Errorf("json:\n%s", out)
	}
}

// due --at: the tree of a revision, named as the user named it, and the repository untouched.
func TestDueAt(t *testing.T) {
	r := exampleRepo(t)
	t.Chdir(r.Dir)
	state := r.State()
	// As of 23 Nov with the tree of 16 Nov, Tia's child-seen link from 15 Oct is overdue; with
	// the tree of now, the visit of 19 Nov met it (late).
	then, errOut, code := cpcaseAt(t, at23, "due", "cases", "--at", "2026-11-17", "--as-of", "2026-11-23", "--all", "--format", "csv")
	if code != ExitClean {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	now, _, _ := cpcaseAt(t, at23, "due", "cases", "--as-of", "2026-11-23", "--all", "--format", "csv")
	link := "EX-S9-0001,core-groups-s9,child-seen,Child seen,t,2026-11-12,"
	if !strings.Contains(then, link+"overdue,,11,,false,9.3.30,cases/s9/visits.yaml:19,") {
		t.Errorf("then:\n%s", then)
	}
	if !strings.Contains(now, link+"late,2026-11-19,7,,false,9.3.30,cases/s9/visits.yaml:19,") {
		t.Errorf("now:\n%s", now)
	}
	if strings.Contains(then, "EX-BK-0001") || !strings.Contains(now, "EX-BK-0001") {
		t.Error("the booking case was added after 17 Nov")
	}
	// The table says which tree it is of; --as-of defaults to the day of the commit.
	out, _, _ := cpcaseAt(t, at23, "due", "cases", "--at", "HEAD~1")
	if !strings.HasPrefix(out, `Case folders as they were at `) || !strings.Contains(out, ` of 2026-11-20 ("Tia seen at school"), read from git.`+"\nAs of Fri 20 Nov 2026 (Europe/London)") {
		t.Errorf("table:\n%s", out)
	}
	_, errOut, code = cpcaseAt(t, at23, "due", "cases/bk", "--at", "HEAD~1")
	if code != ExitUsage || !strings.HasPrefix(errOut, "cpcase: cases/bk did not exist at ") {
		t.Errorf("a folder added later: exit %d, %s", code, errOut)
	}
	_, errOut, code = cpcaseAt(t, at23, "due", "cases", "--at", "no-such-tag")
	if code != ExitUsage || !strings.Contains(errOut, `--at: "no-such-tag" is not a commit of this repository`) {
		t.Errorf("exit %d, %s", code, errOut)
	}
	// explain --at: the derivation as it was, positions as the user names them.
	out, errOut, code = cpcaseAt(t, at23, "explain", "cases/s9", "child-seen", "--child", "t", "--at", "2026-11-17", "--as-of", "2026-11-23")
	if code != ExitClean {
		t.Fatalf("explain --at: exit %d\n%s", code, errOut)
	}
	if !strings.HasPrefix(out, "Case folders as they were at ") || !strings.Contains(out, "  anchor    the previous visit: school visit, Thu 15 Oct 2026 (cases/s9/visits.yaml:19)\n") ||
		!strings.Contains(out, "  status    overdue by 11 days (as of Mon 23 Nov 2026)\n") || strings.Contains(out, "since 2026-11-19") {
		t.Errorf("explain --at:\n%s", out)
	}
	// explain and due --explain inside the repository read only the files.
	for _, args := range [][]string{{"explain", "cases/s9", "child-seen"}, {"due", "cases", "--explain", "--at", "HEAD~1"}} {
		if _, errOut, code := cpcaseAt(t, at23, args...); code == ExitUsage {
			t.Errorf("%s: exit 2\n%s", strings.Join(args, " "), errOut)
		}
	}
	if after := r.State(); after != state {
		t.Errorf("due --at changed the repository:\n%s\nthen\n%s", state, after)
	}
}

// changes over the example repository since the commit of 16 Nov (evaluated as of that day),
// now as of 23 Nov: Tia's visit of 19 Nov meets her link from 15 Oct (overdue since 12 Nov:
// late) and starts one of the review's 4 weeks (due 17 Dec); the second no-access visit of 18
// Nov, already in the files but after 16 Nov, completes a run due an escalation that day: newly
// overdue; the booking case is new, with what it still has to do. Nothing else moved.
func TestChanges(t *testing.T) {
	r := exampleRepo(t)
	t.Chdir(r.Dir)
	state := r.State()
	out, errOut, code := cpcaseAt(t, at23, "changes", "--since", "HEAD~2", "--as-of", "2026-11-23", "--format", "csv", "--fail-on", "newly-overdue")
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1 (newly overdue)\n%s\n%s", code, errOut, out)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		f := strings.Split(l, ",")
		got = append(got, strings.Join(f[:4], " ")+": "+f[len(f)-2])
	}
	// The run's visits were in the files before 16 Nov: no commit is behind it, time is.
	want := []string{
		"EX-BK-0001 new case false : ",
		"EX-BK-0001 appeared true action-due: Add the booking case",
		"EX-BK-0001 appeared false core-group-cadence: Add the booking case",
		"EX-BK-0001 appeared false action-due: Add the booking case",
		"EX-BK-0001 appeared false action-due: Add the booking case",
		"EX-BK-0001 appeared false record-circulated: Add the booking case",
		"EX-S9-0001 met false child-seen: Tia seen at school",
		"EX-S9-0001 appeared true no-access-escalation: ",
		"EX-S9-0001 appeared false child-seen: Tia seen at school",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), out)
	}
	for _, row := range []string{
		"EX-S9-0001,met,false,child-seen,Child seen,t,since 2026-10-15,1,2026-11-12,overdue,2026-11-12,late,",
		"EX-S9-0001,appeared,false,child-seen,Child seen,t,since 2026-11-19,1,,,2026-12-17,open,",
		"EX-S9-0001,appeared,true,no-access-escalation,Manager told after two home visits with no access,,\"no access 2026-11-16, 2026-11-18\",1,,,2026-11-18,overdue,",
	} {
		if !strings.Contains(out, row) {
			t.Errorf("missing %s in:\n%s", row, out)
		}
	}
	// The table, with authors; --redact leaves them out.
	out, _, _ = cpcaseAt(t, at23, "changes", "--since", "2026-11-17", "cases/s9")
	if !strings.Contains(out, "Ann Author: Tia seen at school") || !strings.HasPrefix(out, "Since ") {
		t.Errorf("table:\n%s", out)
	}
	out, _, _ = cpcaseAt(t, at23, "changes", "--since", "2026-11-17", "cases/s9", "--redact", "--format", "json")
	if strings.Contains(out, "Ann Author") || strings.Contains(out, "ann@example.org") || !strings.Contains(out, `"subject": "Tia seen at school"`) {
		t.Errorf("--redact json:\n%s", out)
	}
	if after := r.State(); after != state {
		t.Errorf("changes changed the repository:\n%s\nthen\n%s", state, after)
	}
}
