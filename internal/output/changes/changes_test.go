package changes_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/history/gittest"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/changes"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/testutil"
)

// localPolicy is the two-rule policy whose dates the tests work by hand.
const localPolicy = testutil.TwoRulePolicy

func plan(ref, conference string) string {
	return "case: " + ref + "\npolicy: ../../policy.yaml\nchildren: [{id: a, born: 2019-04-02}]\nconferences:\n  - {kind: initial, date: " + conference + ", decision: plan, lead: sw1}\n"
}

const members = "members:\n  - {id: sw1, role: lead-social-worker}\n"

// snapshot evaluates every case folder under root/cases as of asOf, positions relative to root.
func snapshot(t *testing.T, root string, asOf civil.Date) changes.Snapshot {
	t.Helper()
	dirs, err := casefolder.Find([]string{filepath.Join(root, "cases")})
	if err != nil {
		t.Fatal(err)
	}
	p, d := policy.Load("policy.yaml", []byte(localPolicy), "policy.yaml")
	if p == nil {
		t.Fatal(d)
	}
	s := changes.Snapshot{AsOf: asOf, Rel: func(f string) string {
		rel, err := filepath.Rel(root, f)
		if err != nil {
			return ""
		}
		return filepath.ToSlash(rel)
	}}
	for _, dir := range dirs {
		c, cd := casefolder.Load(dir, asOf)
		if cd.Errors() > 0 {
			t.Fatalf("%s: %v", dir, cd)
		}
		s.Cases = append(s.Cases, changes.Case{Ref: c.Ref, Folder: s.Rel(dir), Obligations: engine.Evaluate(c, p, engine.Options{AsOf: asOf, Explain: true})})
	}
	return s
}

// history of the test repository, 10:00 each day (UTC, which is London time in November):
//
//	Mon 2 Nov   Open case A: initial conference Mon 2 Nov, child seen Wed 4 Nov.
//	Tue 17 Nov  Visit to A: child seen Tue 17 Nov.
//	Wed 18 Nov  Move A's conference: it was held on Tue 3 Nov.
//	Thu 19 Nov  Open case B: initial conference Thu 19 Nov.
//
// Since 16 Nov (the tree of 2 Nov, as of Mon 16 Nov), as of Mon 23 Nov:
//   - A first-core-group: then 10 working days after Mon 2 Nov (3-6, 9-13, 16) = Mon 16 Nov, due
//     that day; now after Tue 3 Nov (4-6, 9-13, 16, 17) = Tue 17 Nov, overdue: became overdue,
//     behind it the conference's move.
//   - A child-seen, link from the conference: then since 2 Nov due Mon 16 Nov, now since 3 Nov due
//     Tue 17 Nov, met by the 4 Nov visit both times: moved.
//   - A child-seen, link from Wed 4 Nov (5, 6, 9-13, 16-18) = Wed 18 Nov: then due, now met by the
//     visit of 17 Nov.
//   - A child-seen, link from Tue 17 Nov (18-20, 23-27, 30 Nov, 1 Dec) = Tue 1 Dec: appeared.
//   - B is new: first-core-group and child-seen from Thu 19 Nov (20, 23-27, 30 Nov, 1-3 Dec) = Thu
//     3 Dec: both appeared.
func build(t *testing.T) (*gittest.Repo, map[string]string) {
	r := gittest.New(t)
	r.Write(map[string]string{
		"policy.yaml":          localPolicy,
		"cases/a/plan.yaml":    plan("A-1", "2026-11-02"),
		"cases/a/members.yaml": members,
		"cases/a/visits.yaml":  "visits:\n  - {date: 2026-11-04, by: sw1, kind: home, seen: [a]}\n",
	})
	cs := map[string]string{}
	cs["open-a"] = r.Commit("2026-11-02T10:00:00Z", "Open case A")
	r.Write(map[string]string{"cases/a/visits.yaml": "visits:\n  - {date: 2026-11-04, by: sw1, kind: home, seen: [a]}\n  - {date: 2026-11-17, by: sw1, kind: school, seen: [a]}\n"})
	cs["visit"] = r.Commit("2026-11-17T10:00:00Z", "Visit to A")
	r.Write(map[string]string{"cases/a/plan.yaml": plan("A-1", "2026-11-03")})
	cs["move"] = r.Commit("2026-11-18T10:00:00Z", "Move A's conference")
	r.Write(map[string]string{"cases/b/plan.yaml": plan("B-1", "2026-11-19"), "cases/b/members.yaml": members})
	cs["open-b"] = r.Commit("2026-11-19T10:00:00Z", "Open case B")
	return r, cs
}

func report(t *testing.T, r *gittest.Repo) (*changes.Report, changes.Snapshot, changes.Snapshot) {
	t.Helper()
	h, err := history.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	from, err := h.ResolveSpec("2026-11-16")
	if err != nil {
		t.Fatal(err)
	}
	k, err := h.Copy(from, []string{"cases", "policy.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	log, err := h.Changes(from, []string{"cases"})
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, k.Dir, civil.MustParse("2026-11-16"))
	after := snapshot(t, h.Root, civil.MustParse("2026-11-23"))
	return changes.New(from, before, after, log), before, after
}

func TestMovementsOfATestRepository(t *testing.T) {
	r, _ := build(t)
	state := r.State()
	rep, _, _ := report(t, r)
	if rep.From.Subject != "Open case A" {
		t.Errorf("from %s", rep.From.Subject)
	}
	var got []string
	for _, c := range rep.Cases {
		if c.Added {
			got = append(got, c.Ref+" new case "+c.Folder)
		}
		for _, m := range c.Movements {
			o := m.Obligation()
			line := c.Ref + " " + string(m.Kind) + " " + o.Rule + " " + o.Detail + ":"
			if m.Before != nil {
				line += " " + m.Before.Due.String() + " " + string(m.Before.Status)
			}
			line += " ->"
			if m.After != nil {
				line += " " + m.After.Due.String() + " " + string(m.After.Status)
			}
			var subjects []string
			for _, cm := range m.Commits {
				subjects = append(subjects, cm.Subject)
			}
			line += " [" + strings.Join(subjects, ", ") + "] " + strings.Join(m.Files, ",")
			got = append(got, line)
		}
	}
	want := []string{
		"A-1 overdue first-core-group : 2026-11-16 due -> 2026-11-17 overdue [Move A's conference] cases/a/plan.yaml",
		"A-1 met child-seen since 2026-11-04: 2026-11-18 due -> 2026-11-18 met [Visit to A] cases/a/visits.yaml",
		"A-1 moved child-seen since 2026-11-03: 2026-11-16 met -> 2026-11-17 met [Move A's conference] cases/a/plan.yaml",
		"A-1 appeared child-seen since 2026-11-17: -> 2026-12-01 due [Visit to A] cases/a/visits.yaml",
		"B-1 new case cases/b",
		"B-1 appeared child-seen since 2026-11-19: -> 2026-12-03 due [Open case B] cases/b/plan.yaml",
		"B-1 appeared first-core-group : -> 2026-12-03 due [Open case B] cases/b/plan.yaml",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("movements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := rep.NewlyOverdue(); n != 1 {
		t.Errorf("%d newly overdue, want 1", n)
	}
	if after := r.State(); after != state {
		t.Errorf("the repository changed:\n%s\nthen\n%s", state, after)
	}
}

// Nothing moved: the same tree as of the same day.
func TestNoMovement(t *testing.T) {
	r, _ := build(t)
	h, _ := history.Open(r.Dir)
	head, _ := h.Resolve("HEAD")
	s := snapshot(t, h.Root, civil.MustParse("2026-11-23"))
	if rep := changes.New(head, s, s, nil); len(rep.Cases) != 0 {
		t.Errorf("movement in an unchanged tree: %+v", rep.Cases)
	}
}

func TestRenderers(t *testing.T) {
	r, _ := build(t)
	rep, before, after := report(t, r)
	var b bytes.Buffer
	if err := render.WriteTable(&b, changes.Table(rep, changes.Options{}), render.Style{}); err != nil {
		t.Fatal(err)
	}
	table := b.String()
	for _, want := range []string{
		"Case  Change    Obligation",
		"A-1   overdue   First core group        ",
		"Mon 16 Nov 2026, due",
		"Tue 17 Nov 2026, overdue",
		"Ann Author: Move A's conference",
		"B-1   new case  cases/b",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	b.Reset()
	if err := render.WriteTable(&b, changes.Table(rep, changes.Options{Redact: true}), render.Style{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Ann Author") {
		t.Errorf("--redact kept the author:\n%s", b.String())
	}

	b.Reset()
	if err := changes.JSON(&b, rep, before.Rel, after.Rel, changes.Options{Redact: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Ann") || strings.Contains(b.String(), "ann@") {
		t.Errorf("--redact JSON kept the author:\n%s", b.String())
	}
	var j struct {
		NewlyOverdue int `json:"newly_overdue"`
		Since        struct {
			AsOf   string `json:"as_of"`
			Commit struct{ Subject string }
		}
		Cases []struct {
			Case    string
			Added   bool
			Changes []struct {
				Change string
				Rule   string
				Before *struct{ Due, Status, Anchor string }
				After  *struct{ Due, Status, Anchor string }
				Files  []string
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if j.NewlyOverdue != 1 || j.Since.AsOf != "2026-11-16" || j.Since.Commit.Subject != "Open case A" || len(j.Cases) != 2 || !j.Cases[1].Added {
		t.Fatalf("json: %s", b.String())
	}
	first := j.Cases[0].Changes[0]
	if first.Change != "overdue" || first.Before.Due != "2026-11-16" || first.After.Status != "overdue" || first.Before.Anchor != "cases/a/plan.yaml:5" || first.After.Anchor != "cases/a/plan.yaml:5" {
		t.Errorf("first change: %+v %+v %+v", first, first.Before, first.After)
	}

	b.Reset()
	if err := changes.CSV(&b, rep, changes.Options{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 8 || strings.Join(rows[0], ",") != strings.Join(changes.CSVFields, ",") {
		t.Fatalf("csv: %v", rows)
	}
	if got := strings.Join(rows[1], "|"); !strings.HasPrefix(got, "A-1|overdue|true|first-core-group|First core group|||1|2026-11-16|due|2026-11-17|overdue|") || !strings.HasSuffix(got, "|Ann Author|Move A's conference|false") {
		t.Errorf("csv row: %s", got)
	}
}

// A commit message cannot start a formula in a spreadsheet or redraw a terminal.
func TestHostileCommitMessage(t *testing.T) {
	r, _ := build(t)
	r.Write(map[string]string{"cases/b/plan.yaml": plan("B-1", "2026-11-20")})
	r.Commit("2026-11-20T10:00:00Z", "=HYPERLINK(\"http://x\")\x1b[2J")
	rep, _, _ := report(t, r)
	var b bytes.Buffer
	if err := changes.CSV(&b, rep, changes.Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "\x1b") {
		t.Errorf("escape kept: %q", b.String())
	}
	rows, _ := csv.NewReader(&b).ReadAll()
	for _, row := range rows {
		for _, c := range row {
			if strings.HasPrefix(c, "=") {
				t.Errorf("formula cell %q", c)
			}
		}
	}
	b.Reset()
	render.WriteTable(&b, changes.Table(rep, changes.Options{}), render.Style{})
	if strings.Contains(b.String(), "\x1b") {
		t.Errorf("escape kept in the table: %q", b.String())
	}
}

// A plan that ended (or started) is a case-level change, with no obligation needed.
func TestPlanEndedAndStarted(t *testing.T) {
	then := changes.Snapshot{AsOf: civil.MustParse("2026-11-16"), Cases: []changes.Case{{Ref: "A", OnPlan: true}, {Ref: "B"}, {Ref: "C", OnPlan: true}}}
	now := changes.Snapshot{AsOf: civil.MustParse("2026-11-23"), Cases: []changes.Case{{Ref: "A"}, {Ref: "B", OnPlan: true}, {Ref: "C", OnPlan: true}}}
	rep := changes.New(history.Commit{}, then, now, nil)
	if len(rep.Cases) != 2 || rep.Cases[0].Ref != "A" || !rep.Cases[0].PlanEnded || rep.Cases[1].Ref != "B" || !rep.Cases[1].PlanStarted {
		t.Fatalf("%+v", rep.Cases)
	}
	var b bytes.Buffer
	render.WriteTable(&b, changes.Table(rep, changes.Options{}), render.Style{})
	for _, want := range []string{"A     plan ended    child protection plan  on a plan  no plan", "B     plan started  child protection plan  no plan    on a plan"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in:\n%s", want, b.String())
		}
	}
}

// Pairing: same detail first, then in order; what is left disappeared or appeared.
func TestPairing(t *testing.T) {
	d := civil.MustParse
	ob := func(detail, due string, st engine.Status) engine.Obligation {
		return engine.Obligation{Case: "A", Rule: "child-seen", Child: "a", Period: 1, Detail: detail, Due: d(due), Status: st}
	}
	then := changes.Snapshot{Cases: []changes.Case{{Ref: "A", Obligations: []engine.Obligation{
		ob("since 2026-11-02", "2026-11-16", engine.Met),
		ob("since 2026-11-04", "2026-11-18", engine.Met),
		ob("since 2026-11-10", "2026-11-24", engine.Due),
		{Case: "A", Rule: "visit-run", Detail: "no access 2026-11-09, 2026-11-11", Due: d("2026-11-11"), Status: engine.Overdue},
	}}}}
	// The visit of 10 Nov was struck out (recorded in error) and the one of 4 Nov moved to 5 Nov.
	now := changes.Snapshot{Cases: []changes.Case{{Ref: "A", Obligations: []engine.Obligation{
		ob("since 2026-11-02", "2026-11-16", engine.Met),
		ob("since 2026-11-05", "2026-11-19", engine.Due),
	}}}}
	var got []string
	for _, m := range changes.Compare(then, now, nil)[0].Movements {
		s := string(m.Kind) + " " + m.Obligation().Detail
		if m.Before != nil && m.After != nil {
			s += " " + m.Before.Due.String() + "->" + m.After.Due.String()
		}
		got = append(got, s)
	}
	want := "moved since 2026-11-05 2026-11-18->2026-11-19|disappeared no access 2026-11-09, 2026-11-11|disappeared since 2026-11-10"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// A case with errors then that loads now: what it still has to do appears; one that fails now is
// not compared.
func TestFailedThenOrNow(t *testing.T) {
	due := engine.Obligation{Case: "A", Rule: "r", Due: civil.MustParse("2026-11-30"), Status: engine.Due}
	met := engine.Obligation{Case: "A", Rule: "q", Due: civil.MustParse("2026-11-01"), Status: engine.Met}
	then := changes.Snapshot{Cases: []changes.Case{{Ref: "A", Failed: true}, {Ref: "B"}}}
	now := changes.Snapshot{Cases: []changes.Case{{Ref: "A", Obligations: []engine.Obligation{due, met}}, {Ref: "B", Failed: true}}}
	cs := changes.Compare(then, now, nil)
	if len(cs) != 2 || !cs[0].FixedSince || len(cs[0].Movements) != 1 || cs[0].Movements[0].Kind != changes.Appeared || cs[0].Movements[0].After.Rule != "r" || !cs[1].Failed {
		t.Errorf("%+v", cs)
	}
}
