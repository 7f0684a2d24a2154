package root

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/schema"

	"github.com/cpcase/cpcase/internal/testutil"
)

func TestInitThenCheck(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"initial, two children", []string{"--case", "NR-2026-0142", "--conference", "2026-10-01", "--policy", "core-groups-s9", "--child", "a:2016-04-11", "--child", "b:2019-09-30"}},
		{"pre-birth", []string{"--case", "NR-2026-0150", "--conference", "2026-11-02", "--kind", "pre-birth", "--policy", "core-groups-ch7"}},
		{"reference that needs quotes", []string{"--case", "NR: 7 #2", "--conference", "2026-11-02", "--policy", "core-group-scotland", "--child", "007:2020-02-29"}},
	} {
		root := t.TempDir()
		dir := filepath.Join(root, "cases", "new")
		out, errOut, code := cpcase(t, append([]string{"init", dir}, tt.args...)...)
		if code != 0 {
			t.Fatalf("%s: init exit %d\n%s%s", tt.name, code, out, errOut)
		}
		if out, _, code := cpcase(t, "check", dir); code != 0 || out != "1 case checked, no problems found\n" {
			t.Errorf("%s: check exit %d:\n%s", tt.name, code, out)
		}
		// The policy's record checks may find a new case incomplete, but the policy must load.
		if out, _, code := cpcase(t, "check", "--policy", dir); code == ExitUsage || strings.Contains(out, "no policy") {
			t.Errorf("%s: check --policy exit %d:\n%s", tt.name, code, out)
		}
		for _, f := range []string{"plan.yaml", "members.yaml", "meetings.yaml", "visits.yaml"} {
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			want := "# yaml-language-server: $schema=../schemas/" + schema.CaseFileName(f) + "\n"
			if !strings.HasPrefix(string(data), want) {
				t.Errorf("%s: %s starts %q", tt.name, f, strings.SplitN(string(data), "\n", 2)[0])
			}
			// The modeline points at a schema that is there.
			if _, err := os.Stat(filepath.Join(root, "cases", "schemas", schema.CaseFileName(f))); err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
		}
	}
}

// TestInitUncommented: every key init writes commented out is a valid example, apart from the
// ones left to fill in: uncommenting the whole of visits.yaml and meetings.yaml (after adding
// the members they name) still passes check.
func TestInitUncommented(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "c")
	if _, errOut, code := cpcase(t, "init", dir, "--case", "X-1", "--conference", "2026-10-01", "--policy", "core-groups-s9"); code != 0 {
		t.Fatal(errOut)
	}
	for _, f := range []string{"visits.yaml", "meetings.yaml", "members.yaml"} {
		p := filepath.Join(dir, f)
		data, _ := os.ReadFile(p)
		var lines []string
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "#   ") {
				l = l[2:] // what an editor's uncomment does
			}
			if f == "members.yaml" && strings.HasPrefix(strings.TrimSpace(l), "to:") {
				continue // the date a member left: left to fill in
			}
			lines = append(lines, l)
		}
		text := strings.Join(lines, "\n")
		if f == "members.yaml" {
			text += "  - {id: tm1, role: team-manager}\n  - {id: hv1, role: health-visitor}\n"
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, _, code := cpcase(t, "check", dir); code != 0 {
		t.Errorf("check exit %d:\n%s", code, out)
	}
}

func TestInitRefuses(t *testing.T) {
	t.Parallel()
	root := testutil.Examples(t, "s9-three-children")
	before, _ := os.ReadFile(filepath.Join(root, "plan.yaml"))
	args := []string{"--case", "NEW", "--conference", "2026-10-01", "--policy", "core-groups-s9"}
	_, errOut, code := cpcase(t, append([]string{"init", root}, args...)...)
	if code != ExitUsage || !strings.Contains(errOut, "plan.yaml already exists: init never overwrites a case") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(root, "plan.yaml")); string(after) != string(before) {
		t.Error("plan.yaml was changed")
	}
	empty := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--case", "N", "--conference", "2026-02-30", "--policy", "core-groups-s9"}, "--conference:"},
		{[]string{"--case", "N", "--conference", "2026-10-01", "--policy", "nope"}, `--policy: unknown policy "nope"`},
		{[]string{"--case", "N", "--conference", "2026-10-01", "--policy", "core-groups-s9", "--kind", "review"}, "a plan starts at an initial or a pre-birth conference"},
		{[]string{"--case", "N", "--conference", "2026-10-01", "--policy", "core-groups-s9", "--child", "Alex"}, `--child: "Alex" is not a valid id`},
		{[]string{"--case", "N", "--conference", "2026-10-01", "--policy", "core-groups-s9", "--child", "a", "--child", "a"}, `"a" is given twice`},
		{[]string{"--conference", "2026-10-01", "--policy", "core-groups-s9"}, `required flag(s) "case" not set`},
	} {
		_, errOut, code := cpcase(t, append([]string{"init", filepath.Join(empty, "x")}, tt.args...)...)
		if code != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("init %v: exit %d, %q; want %q", tt.args, code, errOut, tt.want)
		}
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("a refused init left %v behind", entries)
	}
}

// TestInitFindsTheSchemas: a schemas folder above the new case (as in a repository that ships
// them) is used, and nothing is written beside the case.
func TestInitFindsTheSchemas(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	if _, _, code := cpcase(t, "schema", "--write", filepath.Join(root, "schemas")); code != 0 {
		t.Fatal("schema --write failed")
	}
	dir := filepath.Join(root, "cases", "team-north", "X-9")
	if _, errOut, code := cpcase(t, "init", dir, "--case", "X-9", "--conference", "2026-10-01", "--policy", "core-groups-s9"); code != 0 {
		t.Fatal(errOut)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "plan.yaml"))
	if want := "# yaml-language-server: $schema=../../../schemas/case-plan.schema.json\n"; !strings.HasPrefix(string(data), want) {
		t.Errorf("plan.yaml starts %q", strings.SplitN(string(data), "\n", 2)[0])
	}
	if _, err := os.Stat(filepath.Join(root, "cases", "team-north", "schemas")); err == nil {
		t.Error("init wrote schemas beside the case although there are some above it")
	}
}

// TestInitPolicyPath: a policy given as a path is written relative to the case folder, where
// plan.yaml's policy: is read from, so that check finds it from anywhere.
func TestInitPolicyPath(t *testing.T) {
	root := t.TempDir()
	src, _ := os.ReadFile(filepath.Join("..", "..", "..", "policies", "core-groups-s9.yaml"))
	if err := os.MkdirAll(filepath.Join(root, "policies"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "policies", "local.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := cpcase(t, "dir="+root, "init", "cases/x", "--case", "X-1", "--conference", "2026-10-01", "--policy", "policies/local.yaml"); code != 0 {
		t.Fatal(errOut)
	}
	data, _ := os.ReadFile(filepath.Join(root, "cases", "x", "plan.yaml"))
	if !strings.Contains(string(data), "\npolicy: ../../policies/local.yaml ") {
		t.Errorf("plan.yaml:\n%s", data)
	}
	if out, _, code := cpcase(t, "check", "--policy", filepath.Join(root, "cases", "x")); code == ExitUsage || strings.Contains(out, "policy") && strings.Contains(out, "no such file") {
		t.Errorf("check --policy from elsewhere: exit %d\n%s", code, out)
	}
}

// init writes each child's date from --child ID:DATE (born at an initial conference, expected
// at a pre-birth one) and the lead social worker from --lead, so that add visit --by works at
// once; a child with no date is warned about.
func TestInitDatesAndLead(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "cases", "NR-1")
	_, errOut, code := cli(t, "", "init", dir, "--case", "NR-1", "--conference", "2026-10-01", "--policy", "core-groups-s9",
		"--child", "a:2016-04-11", "--child", "b:expected=2027-01-20", "--child", "c", "--lead", "sw1:Sam Okafor")
	if code != 0 {
		t.Fatalf("init exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut, `warning: child "c" has neither born nor expected`) || strings.Contains(errOut, `child "a"`) {
		t.Errorf("init warnings:\n%s", errOut)
	}
	plan, _ := os.ReadFile(filepath.Join(dir, "plan.yaml"))
	members, _ := os.ReadFile(filepath.Join(dir, "members.yaml"))
	for _, want := range []string{"\n    born: 2016-04-11", "\n    expected: 2027-01-20", "\n    lead: sw1"} {
		if !strings.Contains(string(plan), want) {
			t.Errorf("plan.yaml has no %q:\n%s", want, plan)
		}
	}
	if !strings.Contains(string(members), "  - id: sw1") || !strings.Contains(string(members), "name: Sam Okafor") {
		t.Errorf("members.yaml:\n%s", members)
	}
	if out, errOut, code := cli(t, "", "add", "visit", dir, "--date", "2026-10-05", "--by", "sw1", "--seen", "a"); code != 0 {
		t.Errorf("add visit straight after init: exit %d\n%s%s", code, out, errOut)
	}
	out, _, _ := cli(t, "", "check", dir)
	if !strings.Contains(out, `child "c" has neither born nor expected`) {
		t.Errorf("check does not warn:\n%s", out)
	}
	pre := filepath.Join(root, "cases", "NR-2")
	if _, errOut, code := cli(t, "", "init", pre, "--case", "NR-2", "--conference", "2026-11-02", "--kind", "pre-birth", "--policy", "core-groups-ch7", "--child", "u:2027-01-20"); code != 0 || errOut != "" {
		t.Fatalf("pre-birth init exit %d\n%s", code, errOut)
	}
	if plan, _ := os.ReadFile(filepath.Join(pre, "plan.yaml")); !strings.Contains(string(plan), "\n    expected: 2027-01-20") {
		t.Errorf("pre-birth plan.yaml:\n%s", plan)
	}
	if _, _, code := cli(t, "", "init", filepath.Join(root, "x"), "--case", "X", "--conference", "2026-10-01", "--policy", "core-groups-s9", "--child", "a:2016-13-01"); code != ExitUsage {
		t.Errorf("a bad date: exit %d", code)
	}
}
