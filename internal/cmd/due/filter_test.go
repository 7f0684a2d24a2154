package due

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/config"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/filter"
)

// scratch is a copy of the examples to change.
func scratch(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "examples")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "..", "examples"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s: %q not found (%v)", path, old, err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

type record struct {
	Case, Team, Worker, Status, Rule, Child, Anchor, Detail string
	Days                                                    *int
	WorkingDays                                             *int `json:"working_days"`
}

// run is due with o changed by set, in format; it returns stdout and the error.
func run(t *testing.T, paths []string, format string, set func(*Options)) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	o := options(ios)
	o.Paths, o.Format, o.AsOf = paths, format, "2026-11-23"
	if set != nil {
		set(o)
	}
	err := Run(o)
	return out.String(), err
}

// records reads JSON or CSV output as records.
func records(t *testing.T, format, out string) []record {
	t.Helper()
	var rs []record
	switch format {
	case "json":
		if err := json.Unmarshal([]byte(out), &rs); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	case "csv":
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, r := range rows[1:] {
			rs = append(rs, record{Case: r[col["case"]], Team: r[col["team"]], Worker: r[col["worker"]], Status: r[col["status"]],
				Rule: r[col["rule"]], Child: r[col["child"]], Anchor: r[col["anchor"]], Detail: r[col["detail"]]})
		}
	}
	return rs
}

// The filters keep the same obligations in every format. By hand from examples/README.md: Team
// North is EX-S9-0001 alone, with five overdue obligations on 23 Nov 2026 (notes of 20 Oct,
// Tia seen at home and alone, Tia seen, action m4a, the manager told after two no-access visits).
func TestFiltersEveryFormat(t *testing.T) {
	set := func(o *Options) {
		o.Filter = filter.Filter{Teams: []string{"team north (example)"}, Statuses: []string{"overdue"}}
	}
	for _, format := range []string{"json", "csv"} {
		out, err := run(t, []string{"../../../examples"}, format, set)
		if err != nil {
			t.Fatal(err)
		}
		rs := records(t, format, out)
		if len(rs) != 5 {
			t.Errorf("%s: %d records, want 5", format, len(rs))
		}
		for _, r := range rs {
			if r.Case != "EX-S9-0001" || r.Status != "overdue" {
				t.Errorf("%s: %+v kept", format, r)
			}
		}
	}
	// The calendar: the same five as events; the cancellations with them are of the team's case
	// only (kept whatever --status says: the event a cancellation removes had its status then).
	out, _ := run(t, []string{"../../../examples"}, "ics", set)
	if n, c := strings.Count(out, "BEGIN:VEVENT"), strings.Count(out, "STATUS:CANCELLED"); n-c != 5 || c == 0 || strings.Count(out, "SUMMARY:Done: EX-S9-0001") != c {
		t.Errorf("ics: %d events, %d of them cancellations; want 5 and cancellations of EX-S9-0001 only", n, c)
	}
	out, _ = run(t, []string{"../../../examples"}, "table", set)
	if n := strings.Count(out, "EX-S9-0001"); n != 5 || regexp.MustCompile(`due in \d`).MatchString(out) {
		t.Errorf("table: %d rows of EX-S9-0001:\n%s", n, out)
	}
	// Combined with --child (a name) and --rule: only Tia's child-seen.
	out, _ = run(t, []string{"../../../examples"}, "json", func(o *Options) {
		o.Filter = filter.Filter{Children: []string{"tia"}, Rules: []string{"child-seen"}}
	})
	if rs := records(t, "json", out); len(rs) != 1 || rs[0].Child != "t" || rs[0].Rule != "child-seen" {
		t.Errorf("--child tia --rule child-seen: %+v", rs)
	}
	if _, err := run(t, []string{"../../../examples"}, "json", func(o *Options) { o.Filter.Statuses = []string{"overdeu"} }); !isUsage(err) {
		t.Errorf("a misspelt status: %v", err)
	}
}

func isUsage(err error) bool {
	var ue cmdutil.UsageError
	return errors.As(err, &ue)
}

// staff: gathers one worker across cases: the JSON and CSV worker is the staff id, --worker
// keeps their cases only, and --mine is --worker with the configured staff id.
func TestStaffAndWorker(t *testing.T) {
	dir := scratch(t)
	edit(t, filepath.Join(dir, "s9-three-children", "members.yaml"), "    name: Owen\n", "    name: Owen\n    staff: e10432\n")
	edit(t, filepath.Join(dir, "ch7-pre-birth-born", "members.yaml"), "    name: Callum\n", "    name: Callum\n    staff: e10432\n")
	for _, format := range []string{"json", "csv"} {
		out, err := run(t, []string{dir}, format, func(o *Options) { o.Filter.Workers = []string{"e10432"} })
		if err != nil {
			t.Fatal(err)
		}
		rs := records(t, format, out)
		cases := map[string]int{}
		for _, r := range rs {
			cases[r.Case]++
			if r.Worker != "e10432" {
				t.Errorf("%s: worker %q", format, r.Worker)
			}
		}
		// EX-S9-0001: 6 shown by default; EX-CH7-0001: 3 (README's due listing).
		if len(cases) != 2 || cases["EX-S9-0001"] != 6 || cases["EX-CH7-0001"] != 3 {
			t.Errorf("%s: %v", format, cases)
		}
	}
	// The bare member id sw1 is another person in each case without a staff id.
	out, _ := run(t, []string{dir}, "json", func(o *Options) { o.Filter.Workers = []string{"sw1"} })
	for _, r := range records(t, "json", out) {
		if r.Case == "EX-S9-0001" || r.Case == "EX-CH7-0001" {
			t.Errorf("sw1 matched %s, whose lead has a staff id", r.Case)
		}
	}
	mine := func(o *Options) {
		o.Mine = true
		o.Settings = func() (*config.Config, error) {
			return config.Load(config.Env{Getenv: func(k string) string {
				return map[string]string{"CPCASE_STAFF": "e10432"}[k]
			}, ConfigDir: func() (string, error) { return t.TempDir(), nil }, ReadFile: os.ReadFile})
		}
	}
	out, err := run(t, []string{dir}, "table", mine)
	if err != nil || strings.Contains(out, "EX-BK") || !strings.Contains(out, "EX-CH7-0001") || strings.Contains(out, "Worker") {
		t.Errorf("--mine (%v):\n%s", err, out)
	}
	if _, err := run(t, []string{dir}, "table", func(o *Options) { o.Mine = true }); err != nil {
		t.Errorf("--mine with no settings at all is no filter: %v", err)
	}
}

// A case that cannot be evaluated is a row in every format, saying where and why; the run
// exits 1. Here a member id typo in one case of the examples (which hides five overdue rows,
// Tia not seen among them).
func TestBrokenCaseEveryFormat(t *testing.T) {
	dir := scratch(t)
	edit(t, filepath.Join(dir, "s9-three-children", "visits.yaml"), "by: sw1", "by: sw11")
	for _, format := range []string{"json", "csv"} {
		out, err := run(t, []string{dir}, format, nil)
		if !errors.Is(err, cmdutil.ErrFindings) {
			t.Errorf("%s: %v, want exit 1", format, err)
		}
		rs := records(t, format, out)
		if len(rs) == 0 || rs[0].Status != "not-evaluated" || rs[0].Case != "EX-S9-0001" ||
			!strings.HasSuffix(rs[0].Anchor, "visits.yaml:7") || !strings.Contains(rs[0].Detail, `unknown member "sw11"`) {
			t.Errorf("%s: first record %+v", format, rs[0])
		}
	}
	out, _ := run(t, []string{dir}, "ics", nil)
	if !strings.Contains(out, `SUMMARY:EX-S9-0001: not checked: fix it to see what is due`) || !strings.Contains(out, "visits.yaml") {
		t.Errorf("ics:\n%s", out)
	}
	out, _ = run(t, []string{dir}, "table", nil)
	if !strings.Contains(out, "Case not checked") || !strings.Contains(out, "visits.yaml:7") || !strings.Contains(out, "1 of 6 cases not checked") {
		t.Errorf("table:\n%s", out)
	}
	// A wrong policy id for every case: six rows, not "Nothing overdue in 0 cases".
	out, _ = run(t, []string{dir}, "table", func(o *Options) { o.Policy = "core-groups-s99" })
	if strings.Count(out, "Case not checked") != 6 || strings.Contains(out, "Nothing") {
		t.Errorf("--policy core-groups-s99:\n%s", out)
	}
}

// On a terminal the table fits its width: every line at 80, 100 and 200 columns, one line per
// obligation from 100; --wide keeps every cell whole.
func TestTableFitsTheTerminal(t *testing.T) {
	js, _ := run(t, []string{"../../../examples"}, "json", nil)
	n := len(records(t, "json", js))
	for _, width := range []int{80, 100, 200} {
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(true)
		ios.SetTerminalWidth(width)
		o := options(ios)
		o.AsOf = "2026-11-23"
		if err := Run(o); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		for _, l := range lines {
			if runewidth.StringWidth(l) > width {
				t.Errorf("%d: %q", width, l)
			}
		}
		if width >= 100 && len(lines) != n+3 {
			t.Errorf("%d: %d lines for %d obligations:\n%s", width, len(lines), n, out)
		}
	}
	ios, _, out, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	ios.SetTerminalWidth(80)
	o := options(ios)
	o.AsOf, o.Wide = "2026-11-23", true
	if err := Run(o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("Concerns related to the effectiveness of the Core Group (delay and drift)")) {
		t.Errorf("--wide shortened a citation:\n%s", out)
	}
}

// The horizon comes from the flag, else the environment, else the config file.
func TestDefaultsPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "cpcase", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("within: 7 days\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	settings := func(vars map[string]string) func() (*config.Config, error) {
		return func() (*config.Config, error) {
			return config.Load(config.Env{Getenv: func(k string) string { return vars[k] },
				ConfigDir: func() (string, error) { return dir, nil }, ReadFile: os.ReadFile})
		}
	}
	for _, tc := range []struct {
		vars map[string]string
		flag string
		want string
	}{
		{nil, "", "due means due within 7 days, by Mon 30 Nov 2026."},
		{map[string]string{"CPCASE_WITHIN": "10 working days"}, "", "due means due within 10 working days."},
		{map[string]string{"CPCASE_WITHIN": "10 working days"}, "3 days", "due means due within 3 days, by Thu 26 Nov 2026."},
	} {
		out, err := run(t, []string{"../../../examples"}, "table", func(o *Options) {
			o.Settings = settings(tc.vars)
			if tc.flag != "" {
				o.Within, o.WithinSet = tc.flag, true
			}
		})
		if err != nil || !strings.Contains(out, tc.want) {
			t.Errorf("%v %q: %v\n%.200s", tc.vars, tc.flag, err, out)
		}
	}
	if err := os.WriteFile(file, []byte("within: soon\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, []string{"../../../examples"}, "table", func(o *Options) { o.Settings = settings(nil) }); !isUsage(err) || !strings.Contains(err.Error(), file+":1:9") {
		t.Errorf("a bad config file: %v", err)
	}
}
