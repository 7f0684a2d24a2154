package add

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"

	"github.com/cpcase/cpcase/internal/edit"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/testutil"
)

// runAdd runs `cpcase add ARGS` as of 2026-11-23 (the examples' day), through the command as
// the root builds it, and returns what it printed and its exit status; an error it returns is
// on stderr, as Main prints it.
func runAdd(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	cmd := NewCmdAdd(f, nil)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	var ee cmdutil.ExitError
	if err != nil && !errors.As(err, &ee) {
		errOut.WriteString(err.Error() + "\n")
	}
	return out.String(), errOut.String(), cmdutil.ExitCode(err)
}

// checkCase is what cpcase check finds in the case folder dir, one finding a line.
func checkCase(dir string) (findings string, errs int) {
	_, d := casefolder.Load(dir, civil.MustParse("2026-11-23"))
	var b strings.Builder
	for _, x := range d {
		b.WriteString(x.String() + "\n")
	}
	return b.String(), d.Errors()
}

// insertion returns the text after has and before lacks: after must be before with one piece of
// text put in at a line boundary, and nothing else changed.
func insertion(t *testing.T, name string, before, after []byte) string {
	t.Helper()
	p := 0
	for p < len(before) && p < len(after) && before[p] == after[p] {
		p++
	}
	for p > 0 && before[p-1] != '\n' { // back to the start of the line
		p--
	}
	s := 0
	for s < len(before)-p && s < len(after)-p && before[len(before)-1-s] == after[len(after)-1-s] {
		s++
	}
	if p+s != len(before) {
		t.Fatalf("%s: more than one place changed (or something was taken out)", name)
	}
	return string(after[p : len(after)-s])
}

func lastItem(t *testing.T, data []byte, key string) map[string]any {
	t.Helper()
	var m map[string]yaml.Node
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	n := m[key]
	var items []yaml.Node
	if err := n.Decode(&items); err != nil || len(items) == 0 {
		t.Fatalf("%s is not a list with items: %v", key, err)
	}
	last := items[len(items)-1]
	var out map[string]any
	setStrings(&last)
	if err := last.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// setStrings reads dates as the text written.
func setStrings(n *yaml.Node) {
	if n.Tag == "!!timestamp" {
		n.Tag = "!!str"
	}
	for _, c := range n.Content {
		setStrings(c)
	}
}

// TestAddRoundTrip adds a visit, a meeting, a conference and an escalation to every example case:
// each time the file changes by exactly the new entry, byte for byte (every comment and every
// other line as it was), the entry reads back as given, and the case still passes check.
func TestAddRoundTrip(t *testing.T) {
	root := testutil.Examples(t)
	dirs, _ := filepath.Glob(filepath.Join(root, "*", "plan.yaml"))
	if len(dirs) < 6 {
		t.Fatalf("%d example cases", len(dirs))
	}
	for _, p := range dirs {
		dir := filepath.Dir(p)
		c, d := casefolder.Load(dir, 0)
		if d.Errors() > 0 {
			t.Fatalf("%s does not load: %v", dir, d)
		}
		sw, child := c.Members[0].ID, c.Children[0].ID
		last := c.Conferences[len(c.Conferences)-1].Date
		conf := last.AddDays(30).String()
		adds := []struct {
			file, key string
			args      []string
			want      map[string]any
		}{
			{casefolder.VisitsFile, "visits", []string{"visit", dir, "--date", "2026-11-20", "--by", sw, "--kind", "home", "--no-access"},
				map[string]any{"date": "2026-11-20", "by": sw, "kind": "home", "no_access": true}},
			{casefolder.VisitsFile, "visits", []string{"visit", dir, "--date", "2026-11-20", "--by", sw, "--kind", "home", "--outcome", "refused"},
				map[string]any{"date": "2026-11-20", "by": sw, "kind": "home", "outcome": "refused"}},
			{casefolder.VisitsFile, "visits", []string{"visit", dir, "--date", "2026-11-20", "--by", sw, "--kind", "home", "--seen", child, "--bedrooms", child},
				map[string]any{"date": "2026-11-20", "by": sw, "kind": "home", "seen": []any{child}, "bedroom": []any{child}}},
			{casefolder.MeetingsFile, "meetings", []string{"meeting", dir, "--date", "2026-11-21", "--chair", sw, "--present", sw,
				"--summary", "Progress: steady, {as agreed}", "--decision", "Continue, for now", "--decision", "Review in May", "--next", "2026-12-15"},
				map[string]any{"date": "2026-11-21", "kind": "core-group", "chair": sw, "present": []any{sw},
					"summary": "Progress: steady, {as agreed}", "decisions": []any{"Continue, for now", "Review in May"}, "next": "2026-12-15"}},
			{casefolder.PlanFile, "conferences", []string{"conference", dir, "--date", conf, "--kind", "review", "--decision", "continue",
				"--children", child, "--lead", sw, "--visit-every", "4 weeks"},
				map[string]any{"kind": "review", "date": conf, "decision": "continue", "children": []any{child}, "lead": sw, "visit_every": "4 weeks"}},
			{casefolder.PlanFile, "escalations", []string{"escalation", dir, "--date", "2026-11-22", "--reason", "drift", "--to", sw, "--note", "No core group for 8 weeks"},
				map[string]any{"date": "2026-11-22", "reason": "drift", "to": sw, "note": "No core group for 8 weeks"}},
		}
		for _, a := range adds {
			name := filepath.Base(dir) + ": " + "add " + a.args[0]
			path := filepath.Join(dir, a.file)
			before, _ := os.ReadFile(path)
			out, errOut, code := runAdd(t, a.args...)
			if code != 0 {
				t.Fatalf("%s: exit %d\n%s%s", name, code, out, errOut)
			}
			after, _ := os.ReadFile(path)
			text := insertion(t, name, before, after)
			if strings.Count(string(after), "\n") != strings.Count(string(before), "\n")+strings.Count(text, "\n") {
				t.Errorf("%s: lines other than the entry's were added", name)
			}
			if got := lastItem(t, after, a.key); !equalYAML(got, a.want) {
				t.Errorf("%s: the new entry reads back as %v, want %v", name, got, a.want)
			}
			if _, errs := checkCase(dir); errs != 0 {
				t.Errorf("%s: check fails after the add", name)
			}
			if !strings.HasPrefix(out, "added ") {
				t.Errorf("%s: printed %q", name, out)
			}
		}
	}
}

func equalYAML(a, b map[string]any) bool {
	ya, _ := yaml.Marshal(a)
	yb, _ := yaml.Marshal(b)
	return bytes.Equal(ya, yb)
}

// unchanged checks that path holds data and was not rewritten (same modification time).
func unchanged(t *testing.T, path string, data []byte, mod time.Time) {
	t.Helper()
	now, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if !bytes.Equal(now, data) || !info.ModTime().Equal(mod) {
		t.Errorf("%s was changed", path)
	}
}

func TestAddRefusesAnEntryThatBreaksTheCase(t *testing.T) {
	root := testutil.Examples(t, "s9-three-children")
	path := filepath.Join(root, "visits.yaml")
	data, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	out, _, code := runAdd(t, "visit", root, "--date", "2026-11-20", "--by", "sw9", "--seen", "t,x", "--alone", "r")
	want := path + `: the new entry: unknown member "sw9" in by (did you mean "sw1"?)
` + path + `: the new entry: unknown child "x" in seen (did you mean "l"?)
` + path + `: the new entry: child "r" is in alone but not in seen; a child seen alone must be in seen too
nothing written: a visit would make the case fail cpcase check (3 errors)
`
	if code != cmdutil.ExitFindings || out != want {
		t.Errorf("exit %d, printed\n%s\nwant exit 1 and\n%s", code, out, want)
	}
	unchanged(t, path, data, info.ModTime())

	// An error outside the new entry keeps its place in the file.
	plan := filepath.Join(root, "plan.yaml")
	pdata, _ := os.ReadFile(plan)
	pinfo, _ := os.Stat(plan)
	out, _, code = runAdd(t, "conference", root, "--date", "2026-08-01", "--kind", "review", "--decision", "continue")
	if code != cmdutil.ExitFindings || !strings.Contains(out, "the new entry: the conference of 2026-08-01 is listed after the later one of 2026-09-10") {
		t.Errorf("exit %d, printed\n%s", code, out)
	}
	unchanged(t, plan, pdata, pinfo.ModTime())
}

// TestAddRefusesAConcurrentChange plays someone saving visits.yaml in an editor while cpcase adds
// to it: their save is kept, cpcase writes nothing and says to run it again.
func TestAddRefusesAConcurrentChange(t *testing.T) {
	root := testutil.Examples(t, "s9-three-children")
	path := filepath.Join(root, "visits.yaml")
	data, _ := os.ReadFile(path)
	theirs := append(append([]byte{}, data...), "  - {date: 2026-11-21, by: sw1, kind: home, seen: [t]}\n"...)
	edit.BeforeReplace = func(p string) {
		if err := os.WriteFile(p, theirs, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { edit.BeforeReplace = nil }()
	_, errOut, code := runAdd(t, "visit", root, "--date", "2026-11-20", "--by", "sw1", "--seen", "l")
	if code != cmdutil.ExitUsage || !strings.Contains(errOut, "visits.yaml changed while cpcase was writing to it") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, theirs) {
		t.Errorf("the concurrent edit was lost:\n%s", now)
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".visits.yaml.cpcase-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestAddDryRun(t *testing.T) {
	root := testutil.Examples(t, "s9-three-children")
	path := filepath.Join(root, "plan.yaml")
	data, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	t.Chdir(root)
	out, _, code := runAdd(t, "escalation", ".", "--date", "2026-11-23", "--reason", "no-access", "--to", "tm1", "--note", "Second no-access visit on 18 Nov", "--dry-run")
	want := `--- plan.yaml
+++ plan.yaml
@@ -89,4 +89,8 @@
     note: >-
       No access on 11 and 13 August. Police welfare check agreed with the team manager; the
       family were found at the maternal grandmother's and seen the next day.
+  - date: 2026-11-23
+    reason: no-access
+    to: tm1
+    note: Second no-access visit on 18 Nov
 # yaml-language-server: $schema=../../schemas/case-plan.schema.json
`
	if code != 0 || out != want {
		t.Errorf("exit %d, printed\n%s\nwant\n%s", code, out, want)
	}
	unchanged(t, path, data, info.ModTime())
	// The diff applies: what it adds is what add then writes.
	if _, _, code := runAdd(t, "escalation", ".", "--date", "2026-11-23", "--reason", "no-access", "--to", "tm1", "--note", "Second no-access visit on 18 Nov"); code != 0 {
		t.Fatal("add failed")
	}
	after, _ := os.ReadFile(path)
	if got := insertion(t, "dry run", data, after); got != "  - date: 2026-11-23\n    reason: no-access\n    to: tm1\n    note: Second no-access visit on 18 Nov\n" {
		t.Errorf("wrote %q", got)
	}
}

func TestAddUsageErrors(t *testing.T) {
	root := testutil.Examples(t, "s9-three-children")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"visit", root, "--by", "sw1", "--date", "2026-13-01"}, "--date:"},
		{[]string{"visit", root}, `required flag(s) "by" not set`},
		{[]string{"visit", root, "--by", "sw1", "--kind", "hom"}, `--kind: "hom" is not one of: home, school, office, other (did you mean "home"?)`},
		{[]string{"conference", root, "--kind", "review", "--decision", "continue", "--visit-every", "fortnightly"}, "--visit-every:"},
		{[]string{"visit", filepath.Join(root, ".."), "--by", "sw1"}, "is not a case folder: it has no plan.yaml"},
		{[]string{"visit", filepath.Join(root, "nowhere"), "--by", "sw1"}, "no such file or directory"},
	}
	for _, tt := range tests {
		_, errOut, code := runAdd(t, tt.args...)
		if code != cmdutil.ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("cpcase %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(tt.args, " "), code, errOut, tt.want)
		}
	}
}

// TestAddMakesTheFile: a case without visits.yaml gets one holding the new visit and nothing else.
func TestAddMakesTheFile(t *testing.T) {
	root := testutil.Examples(t, "s9-three-children")
	path := filepath.Join(root, "visits.yaml")
	os.Remove(path)
	if _, errOut, code := runAdd(t, "visit", root, "--date", "2026-11-20", "--by", "sw1", "--seen", "t", "--alone", "t", "--bedroom"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got, _ := os.ReadFile(path)
	want := "visits:\n  - date: 2026-11-20\n    by: sw1\n    seen: [t]\n    alone: [t]\n    bedroom: true\n"
	if string(got) != want {
		t.Errorf("visits.yaml holds\n%s\nwant\n%s", got, want)
	}
}

// TestAddToABrokenCase: errors the case already had do not stop an entry that brings in none,
// even when the entry moves them to other lines; the note says they are there.
func TestAddToABrokenCase(t *testing.T) {
	root := testutil.Examples(t, "s9-three-children")
	plan := filepath.Join(root, "plan.yaml")
	data, _ := os.ReadFile(plan)
	broken := strings.Replace(string(data), "    to: tm1\n", "    to: tm9\n", 1) // the escalation, below the conferences
	if broken == string(data) {
		t.Fatal("the escalation's to: tm1 is not in plan.yaml")
	}
	if err := os.WriteFile(plan, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runAdd(t, "conference", root, "--date", "2026-12-03", "--kind", "review", "--decision", "continue")
	if code != 0 || !strings.HasPrefix(out, "added a conference to ") || errOut != "note: the case already had 1 error before this entry; run cpcase check "+root+"\n" {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	out, errs := checkCase(root)
	if !strings.Contains(out, `unknown member "tm9" in to`) || errs != 1 {
		t.Errorf("check after the add:\n%s", out)
	}
}

// The same visit twice is refused (it would count twice), unless --force.
func TestAddVisitDuplicate(t *testing.T) {
	dir := testutil.CopyTree(t, testutil.Path(t, "examples"))
	c := filepath.Join(dir, "s9-three-children")
	args := []string{"visit", c, "--date", "2026-06-12", "--by", "sw1", "--kind", "home", "--seen", "t,l,r", "--alone", "t", "--bedroom"}
	before, _ := os.ReadFile(filepath.Join(c, "visits.yaml"))
	out, _, code := runAdd(t, args...)
	if code != cmdutil.ExitFindings || !strings.Contains(out, "visits.yaml:7: the same visit is already recorded (2026-06-12 by sw1, home)") {
		t.Errorf("duplicate: exit %d\n%s", code, out)
	}
	if after, _ := os.ReadFile(filepath.Join(c, "visits.yaml")); string(after) != string(before) {
		t.Error("a refused visit changed the file")
	}
	if out, errOut, code := runAdd(t, append(args, "--force")...); code != 0 {
		t.Errorf("--force: exit %d\n%s%s", code, out, errOut)
	}
	// Another kind on the same day is another visit.
	if out, errOut, code := runAdd(t, "visit", c, "--date", "2026-06-12", "--by", "sw1", "--kind", "school", "--seen", "t"); code != 0 {
		t.Errorf("a school visit the same day: exit %d\n%s%s", code, out, errOut)
	}
}
