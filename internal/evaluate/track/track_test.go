package track_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/evaluate/track"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

var asOf = civil.MustParse("2026-11-23")

// state is what an obligation is on one day, to compare two trees' obligations by key.
type state struct {
	Rule, Child, Status string
	Due, Met            civil.Date
	at                  string // the anchor's file and line: not compared, but the edits must move some
}

// keyed evaluates every case under root and maps each obligation's key to its state, failing on
// a key shared by two obligations or an anchor that Anchors cannot name.
func keyed(t *testing.T, root string, day civil.Date) map[string]state {
	t.Helper()
	dirs, err := casefolder.Find([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	reg := policy.NewRegistry()
	out := map[string]state{}
	for _, dir := range dirs {
		c, diags := casefolder.Load(dir, day)
		if diags.Errors() > 0 {
			t.Fatalf("%s: %v", dir, diags)
		}
		p, _, err := reg.Resolve(c.Policy)
		if err != nil || p == nil {
			t.Fatalf("%s: policy %q: %v", dir, c.Policy, err)
		}
		a := track.AnchorsOf(c)
		for _, o := range engine.Evaluate(c, p, engine.Options{AsOf: day}) {
			if a.Name(o.Anchor) == "" {
				t.Errorf("%s %s: anchor %s is no record Anchors names", o.Case, o.Rule, o.Anchor)
			}
			k := a.Key(o)
			if prev, dup := out[k]; dup {
				t.Errorf("key %q shared by %+v and %s %s %s", k, prev, o.Rule, o.Child, o.Anchor)
			}
			out[k] = state{o.Rule, o.Child, string(o.Status), o.Due, o.Met, fmt.Sprintf("%s:%d:%d", filepath.Base(o.Anchor.File), o.Anchor.Line, o.Anchor.Col)}
		}
	}
	return out
}

// Every obligation of the examples has its own key (165 of them as of 2026-11-23, as the --all
// JSON has), and every anchor is a record with a name.
func TestKeysUniqueOverExamples(t *testing.T) {
	if n := len(keyed(t, "../../../examples", asOf)); n != 165 {
		t.Errorf("%d obligations, want 165", n)
	}
}

// generated is a tree of 300 generated cases, made once for the tests that need it.
var generated struct {
	sync.Once
	dir string
	err error
}

func generatedTree(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	generated.Do(func() {
		parent, err := os.MkdirTemp("", "cpcase-track-")
		if err != nil {
			generated.err = err
			return
		}
		generated.dir = filepath.Join(parent, "tree")
		gen := exec.Command("go", "run", "./testdata/gen", "-n", "300", "-o", generated.dir)
		gen.Dir = "../../.."
		if out, err := gen.CombinedOutput(); err != nil {
			generated.err = fmt.Errorf("generator: %v\n%s", err, out)
		}
	})
	if generated.err != nil {
		t.Fatal(generated.err)
	}
	return generated.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if generated.dir != "" {
		os.RemoveAll(filepath.Dir(generated.dir))
	}
	os.Exit(code)
}

// ... and over a generated tree of 300 cases, with its bookings, same-day visits and runs.
func TestKeysUniqueOverGeneratedTree(t *testing.T) {
	if n := len(keyed(t, generatedTree(t), asOf)); n < 300*10 {
		t.Errorf("only %d obligations in 300 cases", n)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// eachYAML rewrites every case file under root, at any depth.
func eachYAML(t *testing.T, root string, edit func(name string, b []byte) []byte) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".yaml" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		return os.WriteFile(p, edit(filepath.Base(p), b), 0o644)
	})
	if err != nil || n < 24 {
		t.Fatalf("%d case files under %s: %v", n, root, err)
	}
}

// reformat re-encodes a YAML file with yaml.v3 at another indent: every line that was not
// already in that style moves, flow lists become block lists, comments may move.
func reformat(t *testing.T, b []byte) []byte {
	var n yaml.Node
	if err := yaml.Unmarshal(b, &n); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(4)
	if err := enc.Encode(&n); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// moveFirstToEnd moves the first entry of a top-level list (meetings:, visits:) to its end:
// lines move, the entry's date does not (the loader orders by date).
func moveFirstToEnd(t *testing.T, b []byte, key string) []byte {
	var n yaml.Node
	if err := yaml.Unmarshal(b, &n); err != nil {
		t.Fatal(err)
	}
	m := n.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && len(m.Content[i+1].Content) > 1 {
			seq := m.Content[i+1]
			seq.Content = append(seq.Content[1:], seq.Content[0])
		}
	}
	out, err := yaml.Marshal(&n)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// edits change where records sit in their files, never what they record: a comment at the top
// of every file (every line moves down), blank lines between entries, a file re-encoded at
// another indent, and the first meeting and visit moved to the end of their lists.
var edits = map[string]func(t *testing.T, name string, b []byte) []byte{
	"comment at the top": func(_ *testing.T, _ string, b []byte) []byte {
		return append([]byte("# Reviewed by the team manager, 24 November.\n"), b...)
	},
	"blank lines": func(_ *testing.T, _ string, b []byte) []byte {
		return bytes.ReplaceAll(b, []byte("\n  - "), []byte("\n\n\n  - "))
	},
	"re-formatted": func(t *testing.T, _ string, b []byte) []byte { return reformat(t, b) },
	"entries moved": func(t *testing.T, name string, b []byte) []byte {
		switch name {
		case "meetings.yaml":
			return moveFirstToEnd(t, b, "meetings")
		case "visits.yaml":
			return moveFirstToEnd(t, b, "visits")
		}
		return b
	},
}

// surviveEdits makes each edit on a copy of the tree at src and finds the same keys, with the same
// due dates and statuses, while at least a tenth of the anchors moved.
func surviveEdits(t *testing.T, src string) {
	want := keyed(t, src, asOf)
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, src, dir)
			eachYAML(t, dir, func(f string, b []byte) []byte { return edit(t, f, b) })
			got := keyed(t, dir, asOf)
			moved := 0
			for k, w := range want {
				g, ok := got[k]
				if !ok {
					t.Errorf("%s %s (due %s) lost its key", w.Rule, w.Child, w.Due)
					continue
				}
				if g.at != w.at {
					moved++
				}
				g.at = w.at
				if g != w {
					t.Errorf("key of %+v now names %+v", w, g)
				}
			}
			if moved < len(want)/10 {
				t.Errorf("the edit moved only %d of %d anchors", moved, len(want))
			}
			if len(got) != len(want) {
				t.Errorf("%d obligations, want %d", len(got), len(want))
			}
		})
	}
}

// The key of each obligation of the examples survives the edits.
func TestKeysSurviveEdits(t *testing.T) { surviveEdits(t, "../../../examples") }

// ... and of 12 cases of the generated tree (with same-day visits and many bookings): each of its
// cases is large, and the race detector makes a tree of them slow to load five times.
func TestKeysSurviveEditsGeneratedTree(t *testing.T) {
	tree := generatedTree(t)
	cases, err := casefolder.Find([]string{tree})
	if err != nil || len(cases) < 12 {
		t.Fatalf("%d cases: %v", len(cases), err)
	}
	some := t.TempDir()
	for _, c := range cases[:12] {
		copyTree(t, c, filepath.Join(some, filepath.Base(c)))
	}
	surviveEdits(t, some)
}

// What tells obligations apart: each part of the key, and an anchor's place among records of the
// same kind on the same day.
func TestAnchorNames(t *testing.T) {
	c := &casefolder.Case{
		Ref:      "NR-1",
		PlanPos:  casefolder.Pos{File: "plan.yaml", Line: 1, Col: 1},
		Children: []casefolder.Child{{ID: "a", Pos: casefolder.Pos{File: "plan.yaml", Line: 5, Col: 5}}},
		Visits: []casefolder.Visit{
			{Date: civil.MustParse("2026-11-10"), Kind: "home", Pos: casefolder.Pos{File: "visits.yaml", Line: 3, Col: 5}},
			{Date: civil.MustParse("2026-11-10"), Kind: "home", Pos: casefolder.Pos{File: "visits.yaml", Line: 9, Col: 5}},
			{Date: civil.MustParse("2026-11-10"), Kind: "school", Pos: casefolder.Pos{File: "visits.yaml", Line: 15, Col: 5}},
		},
		Meetings: []casefolder.Meeting{{Date: civil.MustParse("2026-11-12"), Kind: "core-group", Pos: casefolder.Pos{File: "meetings.yaml", Line: 2, Col: 5},
			Actions: []casefolder.Action{{ID: "m1", Pos: casefolder.Pos{File: "meetings.yaml", Line: 8, Col: 9}}}}},
	}
	a := track.AnchorsOf(c)
	got := []string{}
	for _, p := range []casefolder.Pos{c.PlanPos, c.Children[0].Pos, c.Visits[0].Pos, c.Visits[1].Pos, c.Visits[2].Pos, c.Meetings[0].Pos, c.Meetings[0].Actions[0].Pos, {File: "visits.yaml", Line: 4}} {
		got = append(got, a.Name(p))
	}
	want := []string{"case", "child:a", "visit:home:2026-11-10#1", "visit:home:2026-11-10#2", "visit:school:2026-11-10#1",
		"meeting:core-group:2026-11-12#1", "meeting:core-group:2026-11-12#1/action:m1", ""}
	if !slices.Equal(got, want) {
		t.Errorf("names\n%q\nwant\n%q", got, want)
	}
	base := engine.Obligation{Case: "NR-1", Rule: "child-seen", Child: "a", Period: 1, Anchor: c.Visits[0].Pos, Detail: "since 2026-11-10",
		Due: civil.MustParse("2026-11-24"), Status: engine.Open}
	moved := base
	moved.Due, moved.Status, moved.Met = civil.MustParse("2026-11-26"), engine.Met, civil.MustParse("2026-11-25")
	moved.Anchor.File = "/elsewhere/nr-1/visits.yaml" // the path typed does not count either
	moved.Anchor.File = "visits.yaml"
	if a.Key(base) != a.Key(moved) {
		t.Error("the key changed with the due date or the status")
	}
	for name, change := range map[string]func(*engine.Obligation){
		"case":   func(o *engine.Obligation) { o.Case = "NR-2" },
		"rule":   func(o *engine.Obligation) { o.Rule = "seen-alone" },
		"child":  func(o *engine.Obligation) { o.Child = "b" },
		"period": func(o *engine.Obligation) { o.Period = 2 },
		"anchor": func(o *engine.Obligation) { o.Anchor = c.Visits[1].Pos },
		"detail": func(o *engine.Obligation) { o.Detail = "mum absent 2026-11-10" },
	} {
		o := base
		change(&o)
		if a.Key(o) == a.Key(base) {
			t.Errorf("changing the %s kept the key", name)
		}
	}
}

// Closed, on the s9 example: as of 2026-11-23 with a window from 2026-11-09, the obligations met
// after 9 Nov and the ones open on 9 Nov that are not now. By hand from examples/README.md:
// Leo and Remy's child-seen links from 20 Oct (due 17 Nov, met 10 Nov); Leo's seen-alone from
// 22 Sep (due 3 Nov, met late 10 Nov) and Remy's from 20 Oct (due 1 Dec, met 10 Nov); and the
// actions and records met in the window.
func TestClosedS9(t *testing.T) {
	c, diags := casefolder.Load("../../../examples/s9-three-children", asOf)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	p, _, err := policy.NewRegistry().Resolve(c.Policy)
	if err != nil {
		t.Fatal(err)
	}
	cal := track.ForCalendar(c, p, engine.Options{AsOf: asOf}, civil.MustParse("2026-11-09"))
	var got []string
	for _, o := range cal.Closed {
		got = append(got, fmt.Sprintf("%s %s due %s %s %s", o.Rule, o.Child, o.Due, o.Status, o.Met))
	}
	slices.Sort(got)
	want := []string{
		"child-seen l due 2026-11-17 met 2026-11-10",
		"child-seen r due 2026-11-17 met 2026-11-10",
		"seen-alone l due 2026-11-03 late 2026-11-10",
		"seen-alone r due 2026-12-01 met 2026-11-10",
	}
	if !slices.Equal(got, want) {
		t.Errorf("closed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, o := range cal.Open {
		if !track.ToDo(o) {
			t.Errorf("open holds %s %s", o.Rule, o.Status)
		}
	}
	if len(track.Closed(c, p, nil, asOf, asOf, cal.Anchors)) != 0 {
		t.Error("an empty window closed something")
	}
}

// A plan that ended within the window drops what fell due after its end: Scotland's example ended
// its registration; the obligations open the day before, and not met or missed, are dropped.
func TestClosedDroppedAtPlanEnd(t *testing.T) {
	c, diags := casefolder.Load("../../../examples/scotland-plan-ended", asOf)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	p, _, err := policy.NewRegistry().Resolve(c.Policy)
	if err != nil {
		t.Fatal(err)
	}
	periods := facts.Periods(c, asOf)
	end := periods[len(periods)-1].End
	if end.IsZero() {
		t.Fatal("the Scotland example's plan has not ended")
	}
	cal := track.ForCalendar(c, p, engine.Options{AsOf: asOf}, end.AddDays(-3))
	before := engine.Evaluate(c, p, engine.Options{AsOf: end.AddDays(-1)})
	closed := map[string]engine.Obligation{}
	for _, o := range cal.Closed {
		closed[cal.Anchors.Key(o)] = o
	}
	n := 0
	for _, o := range before {
		if !track.ToDo(o) {
			continue
		}
		n++
		if _, ok := closed[cal.Anchors.Key(o)]; !ok {
			t.Errorf("%s due %s, to do the day before the plan ended, is not closed", o.Rule, o.Due)
		}
	}
	if n == 0 {
		t.Fatal("nothing was to do the day before the plan ended")
	}
}

// When an obligation's due date moves, its key stays: the review conference of s9 setting
// visit_every to 3 weeks instead of 4 moves the child-seen links counted from visits after it
// (Leo's and Remy's from 10 Nov: 8 Dec becomes 1 Dec) under the same keys.
func TestKeysSurviveDueDateMoves(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../../examples/s9-three-children", filepath.Join(dir, "s9"))
	want := keyed(t, dir, asOf)
	f := filepath.Join(dir, "s9", "plan.yaml")
	b, _ := os.ReadFile(f)
	if !bytes.Contains(b, []byte("visit_every: 4 weeks")) {
		t.Fatal("the s9 example sets no visit_every")
	}
	os.WriteFile(f, bytes.Replace(b, []byte("visit_every: 4 weeks"), []byte("visit_every: 3 weeks"), 1), 0o644)
	got := keyed(t, dir, asOf)
	moved := 0
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			// A link met in time under 4 weeks may be late or overdue under 3, but it is the
			// same link: no key may go.
			t.Errorf("%s %s due %s lost its key", w.Rule, w.Child, w.Due)
			continue
		}
		if g.Due != w.Due {
			moved++
			if w.Rule == "child-seen" && w.Due == civil.MustParse("2026-12-08") && g.Due != civil.MustParse("2026-12-01") {
				t.Errorf("%s %s: due %s, want 2026-12-01", w.Rule, w.Child, g.Due)
			}
		}
	}
	if moved == 0 {
		t.Error("no due date moved")
	}
}
