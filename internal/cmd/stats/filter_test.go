package stats

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/filter"
	"github.com/cpcase/cpcase/internal/output/stats"
)

func runStats(t *testing.T, paths []string, format, by string, f filter.Filter) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	o := &Options{IO: ios, Today: func() civil.Date { return civil.MustParse("2026-11-23") }, Paths: paths,
		From: "2026-01-01", To: "2026-11-23", AsOf: "2026-11-23", By: by, Format: format, Filter: f}
	err := Run(o)
	return out.String(), err
}

func statsRows(t *testing.T, format, out string) []stats.Row {
	t.Helper()
	var rs []stats.Row
	if format == "json" {
		if err := json.Unmarshal([]byte(out), &rs); err != nil {
			t.Fatal(err)
		}
		return rs
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		var n int
		for _, c := range r[2] {
			n = n*10 + int(c-'0')
		}
		rs = append(rs, stats.Row{Group: r[0], Rule: r[1], Total: n})
	}
	return rs
}

// The filters apply to the figures in every format: --rule child-seen --team leaves one team's
// child-seen row and its total.
func TestStatsFilters(t *testing.T) {
	f := filter.Filter{Rules: []string{"child-seen"}, Teams: []string{"Team North (example)"}}
	for _, format := range []string{"json", "csv"} {
		out, err := runStats(t, []string{"../../../examples"}, format, "team", f)
		if err != nil {
			t.Fatal(err)
		}
		rs := statsRows(t, format, out)
		if len(rs) != 2 || rs[0].Rule != "child-seen" || rs[0].Group != "Team North (example)" || rs[1].Rule != "" || rs[0].Total != rs[1].Total || rs[0].Total == 0 {
			t.Errorf("%s: %+v", format, rs)
		}
	}
	out, _ := runStats(t, []string{"../../../examples"}, "table", "team", f)
	if strings.Contains(out, "Team East") || !strings.Contains(out, "child-seen") {
		t.Errorf("table:\n%s", out)
	}
}

// A case that cannot be checked is a line of its own in every format.
func TestStatsNotChecked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "examples")
	if err := os.CopyFS(dir, os.DirFS("../../../examples")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "s9-three-children", "visits.yaml")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "by: sw1", "by: sw11", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "csv"} {
		out, err := runStats(t, []string{dir}, format, "team", filter.Filter{})
		if err == nil {
			t.Errorf("%s: exit 0 with a case not checked", format)
		}
		rs := statsRows(t, format, out)
		last := rs[len(rs)-1]
		if last.Rule != stats.NotChecked || last.Total != 1 || last.Group != "Team North (example)" {
			t.Errorf("%s: last row %+v", format, last)
		}
	}
	out, _ := runStats(t, []string{dir}, "table", "rule", filter.Filter{})
	if !strings.Contains(out, stats.NotChecked) || !strings.Contains(out, "1 case not checked") {
		t.Errorf("table:\n%s", out)
	}
}

// A staff id makes one worker one group across cases (with --by worker), and --worker keeps
// their obligations, in every format.
func TestStatsStaff(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "examples")
	if err := os.CopyFS(dir, os.DirFS("../../../examples")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ folder, name string }{{"s9-three-children", "Owen"}, {"ch7-pre-birth-born", "Callum"}} {
		p := filepath.Join(dir, c.folder, "members.yaml")
		b, _ := os.ReadFile(p)
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), "    name: "+c.name+"\n", "    name: "+c.name+"\n    staff: e10432\n", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []string{"json", "csv"} {
		out, err := runStats(t, []string{dir}, format, "worker", filter.Filter{Workers: []string{"e10432"}})
		if err != nil {
			t.Fatal(err)
		}
		groups := map[string]bool{}
		for _, r := range statsRows(t, format, out) {
			groups[r.Group] = true
		}
		if len(groups) != 1 || !groups["e10432"] {
			t.Errorf("%s: groups %v, want one: the staff id", format, groups)
		}
	}
	out, _ := runStats(t, []string{dir}, "table", "worker", filter.Filter{Workers: []string{"e10432"}})
	if strings.Contains(out, "Holly") || strings.Contains(out, "Owen") || !strings.Contains(out, "e10432") {
		t.Errorf("table:\n%s", out)
	}
}
