package filter

import (
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/output/render"
)

func item(ref, team, worker, staff, child, label, rule string, st engine.Status) render.Item {
	return render.Item{Obligation: engine.Obligation{Case: ref, Team: team, Worker: worker, Child: child, Rule: rule, Status: st},
		Staff: staff, ChildLabel: label}
}

var items = []render.Item{
	item("NR-1", "North", "sw1", "e10", "c1", "Tia", "child-seen", engine.Overdue),   // 0
	item("NR-1", "North", "sw1", "e10", "", "", "core-group", engine.Due),            // 1
	item("NR-2", "North", "sw1", "", "c1", "Leo", "child-seen", engine.Met),          // 2: another sw1
	item("SR-1", "South", "sw7", "e10", "c2", "Ava", "core-group-first", engine.Due), // 3: e10 again
	render.Unevaluated("NR-3", "cases/NR-3", casefolder.Pos{}, "members.yaml:3:9: unknown member", 1),
}

// A case whose plan.yaml could not be read is known by its folder only: --case cannot leave it out.
func TestUnreadPlanIsKeptByCase(t *testing.T) {
	it := render.Unevaluated("", "cases/x", casefolder.Pos{}, "plan.yaml: cannot read", 1)
	if it.RefKnown() || it.Dir() != "cases/x" || !(Filter{Cases: []string{"NR-*"}}).Keep(it) {
		t.Errorf("%+v", it)
	}
}

func kept(f Filter) []int {
	var out []int
	for i, it := range items {
		if f.Keep(it) {
			out = append(out, i)
		}
	}
	return out
}

func parse(t *testing.T, args ...string) Filter {
	t.Helper()
	var f Filter
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	Bind(fs, &f)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := f.Check(); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestKeep(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []int
	}{
		{nil, []int{0, 1, 2, 3, 4}},
		// One staff id is one person across cases; a bare member id only where no staff id is given.
		{[]string{"--worker", "e10"}, []int{0, 1, 3, 4}},
		{[]string{"--worker", "sw1"}, []int{2, 4}},
		{[]string{"--worker", "e10,sw1"}, []int{0, 1, 2, 3, 4}},
		{[]string{"--team", "north"}, []int{0, 1, 2, 4}}, // the broken case's team is not known
		{[]string{"--case", "SR-*"}, []int{3}},
		{[]string{"--case", "NR-*"}, []int{0, 1, 2, 4}},
		{[]string{"--case", "NR-1", "--case", "SR-1"}, []int{0, 1, 3}},
		{[]string{"--child", "tia"}, []int{0, 4}},
		{[]string{"--child", "c1"}, []int{0, 2, 4}},
		{[]string{"--rule", "core-group*"}, []int{1, 3, 4}},
		{[]string{"--status", "due,met"}, []int{1, 2, 3, 4}},
		// Combined: every flag must match.
		{[]string{"--worker", "e10", "--status", "due", "--team", "North"}, []int{1, 4}},
		{[]string{"--worker", "e10", "--case", "NR-1"}, []int{0, 1}},
		{[]string{"--case", "NR-1", "--child", "c1", "--rule", "child-seen"}, []int{0}},
	} {
		if got := kept(parse(t, tc.args...)); !slices.Equal(got, tc.want) {
			t.Errorf("%v: kept %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestApplyAndFlags(t *testing.T) {
	f := parse(t, "--worker", "e10")
	if !f.OneWorker() || f.Empty() || f.ByStatus() {
		t.Errorf("%+v", f)
	}
	got := f.Apply(slices.Clone(items))
	if len(got) != 4 || got[3].Case != "NR-3" {
		t.Errorf("apply: %v", got)
	}
	if !(Filter{}).Empty() {
		t.Error("the zero filter keeps everything")
	}
	if !parse(t, "--team", "South").KeepCase("X", "south") || parse(t, "--case", "A").KeepCase("B", "") {
		t.Error("KeepCase")
	}
}

func TestCheck(t *testing.T) {
	err := Filter{Statuses: []string{"overdeu"}}.Check()
	if err == nil || !strings.Contains(err.Error(), `did you mean "overdue"?`) {
		t.Errorf("a misspelt status: %v", err)
	}
	if err := (Filter{Cases: []string{"NR-[1"}}).Check(); err == nil {
		t.Error("a malformed pattern is refused")
	}
}
