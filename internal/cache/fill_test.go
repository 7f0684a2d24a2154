package cache

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// generated writes a small tree of synthetic cases (testdata/gen) and lists its case folders.
func generated(t *testing.T, n string) []string {
	t.Helper()
	if testing.Short() {
		t.Skip("generates a tree of cases")
	}
	tree := filepath.Join(t.TempDir(), "tree")
	gen := exec.Command("go", "run", "./testdata/gen", "-n", n, "-seed", "3", "-o", tree)
	gen.Dir = "../.."
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("generating cases: %v\n%s", err, out)
	}
	dirs, err := casefolder.Find([]string{tree})
	if err != nil || len(dirs) == 0 {
		t.Fatalf("finding the generated cases: %v (%d)", err, len(dirs))
	}
	sort.Strings(dirs)
	later(t, time.Hour)
	return dirs
}

// TestEntryFillIsFill: the names and action texts a cached case gets back through its entry (read
// at the positions the entry holds, scan.go) are exactly those of the parse in full, and the
// loader's; on generated cases (plain YAML) every file is read the fast way.
func TestEntryFillIsFill(t *testing.T) {
	_, examples := examples(t)
	gen := generated(t, "40")
	c := open(t)
	for _, set := range []struct {
		name     string
		dirs     []string
		allQuick bool
	}{{"examples", examples, false}, {"generated", gen, true}} {
		fast0, slow0 := fills.fast.Load(), fills.slow.Load()
		for _, dir := range set.dirs {
			c.Load(dir, asOf)
			cs, _, hit, e := c.LoadEntry(dir, asOf)
			if !hit {
				t.Fatalf("%s: not cached", dir)
			}
			for _, meetings := range []bool{false, true} {
				got, want := e.Fill(cs, Need{Children: true, PlanActions: true, MeetingActions: meetings}), Fill(cs, meetings)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s (meetings %v): filled through the entry\n%+v\nparsed in full\n%+v", dir, meetings, got, want)
				}
				if meetings {
					compareNames(t, dir, got, mustLoad(t, dir))
				}
				// A summary filled in place is the summary filled into a copy.
				need := Need{Children: true, PlanActions: true, MeetingActions: meetings}
				sum := e.Summary()
				if filled := e.FillSummary(sum, need); filled != sum || !reflect.DeepEqual(filled, e.Fill(e.Summary(), need)) {
					t.Errorf("%s (meetings %v): the summary filled in place differs from it filled into a copy", dir, meetings)
				}
			}
		}
		fast, slow := fills.fast.Load()-fast0, fills.slow.Load()-slow0
		t.Logf("%s: %d files read by positions, %d in full", set.name, fast, slow)
		if fast == 0 || set.allQuick && slow > 0 {
			t.Errorf("%s: %d files read by positions, %d in full", set.name, fast, slow)
		}
	}
}

// compareNames checks the names and texts filled in against the loader's.
func compareNames(t *testing.T, dir string, got, loaded *casefolder.Case) {
	t.Helper()
	for i, ch := range loaded.Children {
		if got.Children[i].Name != ch.Name {
			t.Errorf("%s: child %s named %q, the loader says %q", dir, ch.ID, got.Children[i].Name, ch.Name)
		}
	}
	for i, m := range loaded.Members {
		if got.Members[i].Name != m.Name {
			t.Errorf("%s: member %s named %q, the loader says %q", dir, m.ID, got.Members[i].Name, m.Name)
		}
	}
	var a, b []casefolder.Action
	if loaded.Plan != nil {
		a, b = append(a, loaded.Plan.Actions...), append(b, got.Plan.Actions...)
	}
	for i := range loaded.Meetings {
		a = append(a, loaded.Meetings[i].Actions...)
	}
	for i := range got.Meetings { // a summary holds every meeting's actions as one meeting's
		b = append(b, got.Meetings[i].Actions...)
	}
	for i := range a {
		if b[i].Text != a[i].Text {
			t.Errorf("%s: action %s says %q, the loader says %q", dir, a[i].ID, b[i].Text, a[i].Text)
		}
	}
}

// TestEntryFillRereadsAChangedFile: names are read by positions only from the very version of a
// file the entry was written for; a file changed since (here between the look at its key and
// the read, as a race would) is parsed in full, and its names are the new ones.
func TestEntryFillRereadsAChangedFile(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	dir := dirs[0]
	c.Load(dir, asOf)
	cs, _, hit, e := c.LoadEntry(dir, asOf)
	if !hit || len(cs.Children) == 0 {
		t.Fatalf("%s: not cached, or no children", dir)
	}
	plan := filepath.Join(dir, casefolder.PlanFile)
	data, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := readKnown(plan, e.key[0], nil); !ok {
		t.Fatalf("the unchanged plan.yaml is not read")
	}
	loaded := mustLoad(t, dir)
	renamed := []byte(string(data))
	old := loaded.Children[0].Name
	i := indexOf(renamed, "name: "+old)
	if i < 0 {
		t.Fatalf("no name: %s in %s", old, plan)
	}
	copy(renamed[i+len("name: "):], []byte("Zzzzzzzzzzzzzzzzzzzzzzz")[:len(old)])
	if err := os.WriteFile(plan, renamed, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := readKnown(plan, e.key[0], nil); ok {
		t.Errorf("a changed plan.yaml (same size) is read as the cached version")
	}
	slow := fills.slow.Load()
	got := e.Fill(cs, Need{Children: true})
	if fills.slow.Load() == slow {
		t.Errorf("the changed plan.yaml was not parsed in full")
	}
	if got.Children[0].Name == old {
		t.Errorf("the old name %q was given for a changed file", old)
	}
}

func indexOf(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return i
		}
	}
	return -1
}

// Fill reads only what is asked for: the members' names always (every row names its worker),
// plan.yaml only for the children's names or the plan's actions, meetings.yaml only for the
// meetings' actions; what is not asked for is left as the cache has it.
func TestEntryFillReadsOnlyWhatIsNeeded(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	for _, dir := range dirs {
		c.Load(dir, asOf)
		cs, _, _, e := c.LoadEntry(dir, asOf)
		whole := e.Fill(cs, Need{Children: true, PlanActions: true, MeetingActions: true})
		for _, need := range []Need{{}, {Children: true}, {PlanActions: true}, {MeetingActions: true}} {
			fast, slow := fills.fast.Load(), fills.slow.Load()
			got := e.Fill(cs, need)
			files := int64(0)
			if len(cs.Members) > 0 {
				files++
			}
			if (need.Children && len(cs.Children) > 0) || (need.PlanActions && cs.Plan != nil && len(cs.Plan.Actions) > 0) {
				files++
			}
			meetingActions := false
			for _, m := range cs.Meetings {
				meetingActions = meetingActions || len(m.Actions) > 0
			}
			if need.MeetingActions && meetingActions {
				files++
			}
			if n := fills.fast.Load() - fast + fills.slow.Load() - slow; n != files {
				t.Errorf("%s, %+v: %d files read, want %d", dir, need, n, files)
			}
			if !reflect.DeepEqual(got.Members, whole.Members) {
				t.Errorf("%s, %+v: members' names not read", dir, need)
			}
			pick := func(ok bool, filled, cached any) any {
				if ok {
					return filled
				}
				return cached
			}
			if !reflect.DeepEqual(got.Children, pick(need.Children, whole.Children, cs.Children)) {
				t.Errorf("%s, %+v: children", dir, need)
			}
			if cs.Plan != nil && !reflect.DeepEqual(got.Plan.Actions, pick(need.PlanActions, whole.Plan.Actions, cs.Plan.Actions)) {
				t.Errorf("%s, %+v: the plan's actions", dir, need)
			}
			if !reflect.DeepEqual(got.Meetings, pick(need.MeetingActions, whole.Meetings, cs.Meetings)) {
				t.Errorf("%s, %+v: the meetings' actions", dir, need)
			}
		}
	}
}
