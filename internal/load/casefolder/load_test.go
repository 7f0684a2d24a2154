package casefolder

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
)

// exampleDay is the date the examples were written for.
var exampleDay = civil.MustParse("2026-11-23")

func day(s string) civil.Date { return civil.MustParse(s) }

// memCase loads a case from files held in memory, keyed by file name, in folder "c".
func memCase(t *testing.T, files map[string]string) (*Case, []string) {
	t.Helper()
	read := func(path string) ([]byte, error) {
		if s, ok := files[filepath.Base(path)]; ok && filepath.Dir(path) == "c" {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	c, d := LoadWith("c", exampleDay, read)
	var msgs []string
	for _, x := range d {
		msgs = append(msgs, filepath.ToSlash(x.String())) // c\plan.yaml on Windows
	}
	return c, msgs
}

// Every shipped example loads without a finding.
func TestLoadExamples(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "..", "examples", "*", PlanFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 6 {
		t.Fatalf("found %d examples, want 6 or more", len(dirs))
	}
	for _, p := range dirs {
		dir := filepath.Dir(p)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			c, d := Load(dir, exampleDay)
			if len(d) > 0 {
				t.Errorf("findings:\n%v", d)
			}
			if c.Ref == "" || len(c.Children) == 0 || len(c.Conferences) == 0 || len(c.Members) == 0 {
				t.Errorf("case read as %+v", c)
			}
		})
	}
}

// The typed values of one example, checked by hand against examples/s9-three-children.
func TestLoadS9Values(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "examples", "s9-three-children")
	c, d := Load(dir, exampleDay)
	if len(d) > 0 {
		t.Fatalf("findings:\n%v", d)
	}
	plan := filepath.Join(dir, PlanFile)
	if c.Dir != dir || c.Ref != "EX-S9-0001" || c.Policy != "core-groups-s9" || c.Team != "Team North (example)" {
		t.Errorf("case %q, policy %q, team %q", c.Ref, c.Policy, c.Team)
	}
	if c.RefPos != (Pos{File: plan, Line: 7, Col: 7}) || c.PolicyPos != (Pos{File: plan, Line: 8, Col: 9}) {
		t.Errorf("RefPos %v, PolicyPos %v", c.RefPos, c.PolicyPos)
	}
	if c.PlanPos != (Pos{File: plan, Line: 7, Col: 1}) {
		t.Errorf("PlanPos %v", c.PlanPos)
	}

	wantChildren := []Child{
		{ID: "t", Name: "Tia", Born: day("2015-06-02"), Pos: Pos{File: plan, Line: 11, Col: 5}},
		{ID: "l", Name: "Leo", Born: day("2018-01-19"), Pos: Pos{File: plan, Line: 14, Col: 5}},
		{ID: "r", Name: "Remy", Born: day("2021-10-05"), Pos: Pos{File: plan, Line: 17, Col: 5}},
	}
	if !reflect.DeepEqual(c.Children, wantChildren) {
		t.Errorf("children:\n%+v\nwant:\n%+v", c.Children, wantChildren)
	}
	if c.Child("l").Name != "Leo" || c.Child("x") != nil {
		t.Error("Child looks up the wrong child")
	}

	wantConfs := []Conference{
		{Kind: Initial, Date: day("2026-06-11"), Decision: DecisionPlan, Lead: "sw1", CoreGroupSet: day("2026-06-24"),
			NextReview: day("2026-09-10"), Pos: Pos{File: plan, Line: 21, Col: 5}},
		{Kind: Review, Date: day("2026-09-10"), Decision: DecisionContinue, Lead: "sw1", CoreGroupSet: day("2026-09-17"),
			VisitEvery: duration.Duration{N: 4, Unit: duration.Weeks}, NextReview: day("2027-03-04"), Pos: Pos{File: plan, Line: 27, Col: 5}},
	}
	if !reflect.DeepEqual(c.Conferences, wantConfs) {
		t.Errorf("conferences:\n%+v\nwant:\n%+v", c.Conferences, wantConfs)
	}
	if ca := c.CoreAssessment; ca == nil || ca.Started != day("2026-06-01") || ca.Completed != day("2026-07-24") {
		t.Errorf("core assessment %+v", ca)
	}

	p := c.Plan
	if p == nil || p.Agreed != day("2026-06-24") || p.AgreedPos.Line != 38 {
		t.Fatalf("plan %+v", p)
	}
	var sections []string
	for _, s := range p.Sections {
		sections = append(sections, s.Name)
	}
	if strings.Join(sections, ",") != "needs,outcomes,contingency,views-child,views-family" {
		t.Errorf("sections %v", sections)
	}
	if !strings.HasPrefix(p.Sections[0].Text, "All three children need consistent routines") || !p.HasSection("contingency") || p.HasSection("risks") {
		t.Errorf("section needs = %q", p.Sections[0].Text)
	}
	wantActions := []Action{
		{ID: "a1", Text: "Refer Tia to CAMHS", Owner: "sw1", Due: day("2026-07-03"), Done: day("2026-07-10"), Pos: Pos{File: plan, Line: 57, Col: 7}},
		{ID: "a2", Text: "Dana to complete the Freedom Programme", Owner: "mum", Due: day("2026-09-30"), Done: day("2026-09-29"), Pos: Pos{File: plan, Line: 62, Col: 7}},
		{ID: "a3", Text: "School nurse to complete health assessments for Leo and Remy", Owner: "sn1", Due: day("2026-11-30"), Pos: Pos{File: plan, Line: 67, Col: 7}},
		{ID: "a4", Text: "Kris to complete hair-strand alcohol testing", Owner: "dad", Due: day("2026-10-16"), Done: day("2026-10-14"), Pos: Pos{File: plan, Line: 71, Col: 7}},
	}
	if !reflect.DeepEqual(p.Actions, wantActions) {
		t.Errorf("actions:\n%+v\nwant:\n%+v", p.Actions, wantActions)
	}
	var signed []string
	for _, s := range p.Signed {
		signed = append(signed, s.Member+" "+s.Date.String())
	}
	if got := strings.Join(signed, ", "); got != "tm1 2026-06-26, sw1 2026-06-26, tch1 2026-06-29, hv1 2026-06-29, sn1 2026-06-30, mum 2026-07-01, gp1 2026-07-02, dad 2026-07-03" {
		t.Errorf("signed: %s", got)
	}
	if len(c.Escalations) != 1 || c.Escalations[0].Date != day("2026-08-13") || c.Escalations[0].Reason != ReasonNoAccess || c.Escalations[0].To != "tm1" {
		t.Errorf("escalations %+v", c.Escalations)
	}

	var roles []string
	for _, m := range c.Members {
		roles = append(roles, m.ID+"="+m.Role)
	}
	if got := strings.Join(roles, " "); got != "tm1=team-manager sw1=lead-social-worker mum=parent dad=parent tch1=teacher tch2=teacher hv1=health-visitor sn1=school-nurse gp1=gp" {
		t.Errorf("members: %s", got)
	}
	tch2, hv1 := c.Member("tch2"), c.Member("hv1")
	if tch2.From != day("2026-09-03") || !tch2.To.IsZero() || hv1.To != day("2026-09-02") || hv1.Agency != "Health Visiting" {
		t.Errorf("tch2 %+v, hv1 %+v", tch2, hv1)
	}
	if tch2.ActiveOn(day("2026-09-02")) || !tch2.ActiveOn(day("2026-09-03")) || !hv1.ActiveOn(day("2026-09-02")) || hv1.ActiveOn(day("2026-09-03")) {
		t.Error("ActiveOn does not include from: and to: days and nothing outside them")
	}
	if c.Member("nobody") != nil {
		t.Error("Member found a member that does not exist")
	}

	var meetings []string
	for _, m := range c.Meetings {
		meetings = append(meetings, m.Date.String()+" "+m.Chair)
	}
	if got := strings.Join(meetings, ", "); got != "2026-06-24 tm1, 2026-08-05 sw1, 2026-09-17 sw1, 2026-10-20 sw1, 2026-12-15 sw1" {
		t.Errorf("meetings: %s", got)
	}
	m1 := c.Meetings[0]
	if strings.Join(m1.Present, ",") != "sw1,mum,dad,tch1,hv1,sn1" || strings.Join(m1.Apologies, ",") != "gp1" || len(m1.Absent) != 0 {
		t.Errorf("first meeting attendance %v / %v / %v", m1.Present, m1.Apologies, m1.Absent)
	}
	if m1.Record != (Record{ToManager: day("2026-06-25"), Approved: day("2026-06-26"), Circulated: day("2026-06-29")}) {
		t.Errorf("first meeting record %+v", m1.Record)
	}
	if m1.Next != day("2026-08-05") || !reflect.DeepEqual(m1.DatesSet, []civil.Date{day("2026-08-05")}) || m1.Kind != CoreGroup {
		t.Errorf("first meeting next %v, dates_set %v", m1.Next, m1.DatesSet)
	}
	if got := strings.Join(m1.Fields, ","); got != "date,kind,chair,present,apologies,summary,decisions,next,dates_set,record" {
		t.Errorf("first meeting fields %s", got)
	}
	m4 := c.Meetings[3]
	if len(m4.Actions) != 2 || m4.Actions[1].ID != "m4b" || m4.Actions[1].Owner != "tch2" || m4.Actions[1].Done != day("2026-11-05") || !m4.Record.Circulated.IsZero() {
		t.Errorf("fourth meeting %+v", m4)
	}
	if !m4.Holds("actions") || m4.Holds("cancelled") {
		t.Error("Holds is wrong for the fourth meeting")
	}

	if len(c.Visits) != 17 {
		t.Fatalf("%d visits, want 17", len(c.Visits))
	}
	v0, v5, v11 := c.Visits[0], c.Visits[5], c.Visits[11]
	if v0.Date != day("2026-06-12") || v0.By != "sw1" || v0.Kind != Home || strings.Join(v0.Seen, ",") != "t,l,r" || strings.Join(v0.Alone, ",") != "t" || !v0.Bedroom || v0.NoAccess {
		t.Errorf("first visit %+v", v0)
	}
	if v5.Date != day("2026-08-11") || !v5.NoAccess || len(v5.Seen) != 0 {
		t.Errorf("sixth visit %+v", v5)
	}
	if v11.Date != day("2026-10-14") || v11.Kind != School || v11.Bedroom {
		t.Errorf("twelfth visit %+v", v11)
	}
}

// Meetings, visits and escalations are taken in date order, and in file order on the same date.
func TestLoadDateOrder(t *testing.T) {
	c, msgs := memCase(t, map[string]string{
		PlanFile: `case: T-1
children: [{id: a, born: 2020-01-01}]
conferences: [{kind: initial, date: 2026-10-01, decision: plan}]
escalations:
  - {date: 2026-11-20, reason: other, note: second}
  - {date: 2026-11-02, reason: drift, note: first}
  - {date: 2026-11-20, reason: absence, note: third}
`,
		MembersFile: "members: [{id: sw1}, {id: tm1}]\n",
		MeetingsFile: `meetings:
  - {date: 2026-11-10, kind: core-group, chair: sw1, summary: third}
  - {date: 2026-10-13, kind: core-group, chair: tm1, summary: first}
  - {date: 2026-11-10, kind: professionals, chair: tm1, summary: fourth}
  - {date: 2026-10-27, kind: child-plan, summary: second, cancelled: true}
`,
		VisitsFile: `visits:
  - {date: 2026-10-20, by: sw1, seen: [a]}
  - {date: 2026-10-06, by: tm1, kind: office, no_access: true}
  - {date: 2026-10-20, by: tm1, kind: school, seen: [a], alone: [a]}
`,
	})
	if len(msgs) > 0 {
		t.Fatalf("findings: %v", msgs)
	}
	var got []string
	for _, m := range c.Meetings {
		got = append(got, m.Summary)
	}
	if strings.Join(got, " ") != "first second third fourth" {
		t.Errorf("meetings in order %v", got)
	}
	if !c.Meetings[1].Cancelled || c.Meetings[1].Chair != "" || c.Meetings[3].Kind != Professionals {
		t.Errorf("second meeting %+v", c.Meetings[1])
	}
	got = nil
	for _, v := range c.Visits {
		got = append(got, v.Date.String()+"/"+v.By+"/"+v.Kind)
	}
	// a visit without kind: is "other"
	if strings.Join(got, " ") != "2026-10-06/tm1/office 2026-10-20/sw1/other 2026-10-20/tm1/school" {
		t.Errorf("visits in order %v", got)
	}
	got = nil
	for _, e := range c.Escalations {
		got = append(got, e.Note)
	}
	if strings.Join(got, " ") != "first second third" {
		t.Errorf("escalations in order %v", got)
	}
}

// The smallest valid case: plan.yaml alone, no other file.
func TestLoadPlanOnly(t *testing.T) {
	c, msgs := memCase(t, map[string]string{PlanFile: "case: T-2\nchildren:\n  - id: u\n    expected: 2027-01-15\nconferences:\n  - {kind: pre-birth, date: 2026-11-02, decision: plan, core_group_every: 6 weeks}\n"})
	if len(msgs) > 0 {
		t.Fatalf("findings: %v", msgs)
	}
	if c.Ref != "T-2" || c.Policy != "" || len(c.Members) != 0 || c.Meetings != nil || c.Visits != nil || c.Plan != nil || c.CoreAssessment != nil {
		t.Errorf("case %+v", c)
	}
	if ch := c.Children[0]; !ch.Born.IsZero() || ch.Expected != day("2027-01-15") {
		t.Errorf("unborn child %+v", ch)
	}
	if cg := c.Conferences[0].CoreGroupEvery; cg != (duration.Duration{N: 6, Unit: duration.Weeks}) {
		t.Errorf("core_group_every %v", cg)
	}
}

// A few findings the corpus in testdata/malformed does not pin: excluded members, signatures,
// the core assessment's order, a member's dates, born on the as-of day itself.
func TestLoadFindings(t *testing.T) {
	c, msgs := memCase(t, map[string]string{
		PlanFile: `case: T-3
children:
  - {id: a, born: 2026-11-23}
conferences: [{kind: initial, date: 2026-10-01, decision: plan}]
core_assessment: {started: 2026-10-10, completed: 2026-10-09}
plan:
  sections: [needs]
  signed: {sw1: 2026-10-20, sw1: 2026-10-21, dad: yesterday}
`,
		MembersFile: `members:
  - {id: sw1, role: lead-social-worker}
  - {id: dad, role: parent, excluded: Threats to staff recorded by the conference}
  - {id: mum, role: parent, excluded: false}
  - {id: gran, role: family, excluded: true}
  - id: uncle
    role: family
    excluded:
`,
		VisitsFile: "visits:\n  - {date: 2026-10-06, by: }\n",
	})
	want := []string{
		"c/plan.yaml:5:51: core assessment completed 2026-10-09, before it started 2026-10-10",
		"c/plan.yaml:7:13: sections must map section names to text, found a list",
		`c/plan.yaml:8:29: duplicate key "sw1" in signed (first at line 8); each member signs once`,
		`c/plan.yaml:8:51: signed date must be a date (YYYY-MM-DD), found "yesterday"`,
		"c/visits.yaml:2:28: by is empty; give the id of the member who made the visit",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	// born on the as-of day is allowed
	if c.Children[0].Born != exampleDay {
		t.Errorf("born %v", c.Children[0].Born)
	}
	var ex []string
	for _, m := range c.Members {
		if m.Excluded {
			ex = append(ex, m.ID+":"+m.Reason)
		}
	}
	if got := strings.Join(ex, " "); got != "dad:Threats to staff recorded by the conference gran: uncle:" {
		t.Errorf("excluded: %s", got)
	}
	if len(c.Plan.Signed) != 1 || c.Plan.Signed[0].Member != "sw1" || c.Plan.Signed[0].Date != day("2026-10-20") {
		t.Errorf("signed %+v", c.Plan.Signed)
	}
}

// A file that cannot be read is reported once, at the file; a missing plan.yaml too.
func TestLoadUnreadable(t *testing.T) {
	read := func(path string) ([]byte, error) {
		switch filepath.Base(path) {
		case PlanFile:
			return []byte("case: T-4\nchildren: [{id: a}]\nconferences: [{kind: initial, date: 2026-10-01, decision: plan}]\n"), nil
		case MembersFile:
			return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrPermission}
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	_, d := LoadWith("c", exampleDay, read)
	if len(d) != 1 || d[0].File != filepath.Join("c", MembersFile) || !strings.Contains(d[0].Msg, "permission denied") {
		t.Errorf("findings %v", d)
	}
	_, d = LoadWith("c", exampleDay, func(path string) ([]byte, error) {
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	})
	if len(d) != 1 || d[0].File != filepath.Join("c", PlanFile) {
		t.Errorf("no plan.yaml: findings %v", d)
	}
}

func TestLeadOn(t *testing.T) {
	c := &Case{
		Conferences: []Conference{
			{Kind: Initial, Date: day("2026-06-11"), Decision: DecisionPlan},
			{Kind: Review, Date: day("2026-09-10"), Decision: DecisionContinue, Lead: "sw2"},
			{Kind: Review, Date: day("2027-03-04"), Decision: DecisionContinue},
		},
		Members: []Member{
			{ID: "tm1", Role: "team-manager"},
			{ID: "sw1", Role: "lead-social-worker", To: day("2026-08-31")},
			{ID: "sw3", Role: "lead-social-worker", From: day("2026-09-01")},
			{ID: "sw2", Role: "social-worker"},
		},
	}
	for d, want := range map[string]string{
		"2026-06-01": "sw1", // before any conference: the lead-social-worker active that day
		"2026-08-31": "sw1", // sw1's last day
		"2026-09-01": "sw3", // sw1 has left, sw3 joined
		"2026-09-09": "sw3",
		"2026-09-10": "sw2", // the conference names a lead, from its own day
		"2027-03-04": "sw2", // a later conference naming nobody keeps the named lead
	} {
		if got := c.LeadOn(day(d)); got != want {
			t.Errorf("LeadOn(%s) = %q, want %q", d, got, want)
		}
	}
	if got := (&Case{}).LeadOn(day("2026-06-01")); got != "" {
		t.Errorf("LeadOn with no members = %q", got)
	}
}

func TestMeetingFields(t *testing.T) {
	f := MeetingFields()
	if len(f) != 15 || f[0] != "date" || f[14] != "cancelled" {
		t.Errorf("MeetingFields = %v", f)
	}
	f[0] = "changed"
	if MeetingFields()[0] != "date" {
		t.Error("MeetingFields shares its slice with the loader")
	}
}

// writeCase writes a minimal plan.yaml into dir.
func writeCase(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, PlanFile), []byte("case: X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// When members.yaml cannot be read, its own error is reported once; the references to members
// elsewhere are not each reported as unknown.
func TestUnreadableMembersGivesOneError(t *testing.T) {
	files := map[string]string{
		"plan.yaml":     "case: U-1\nchildren: [{id: a}]\nconferences: [{kind: initial, date: 2026-10-01, decision: plan, lead: sw1}]\n",
		"members.yaml":  "members:\n  - {id: sw1, role: [\n",
		"meetings.yaml": "meetings:\n  - {date: 2026-10-10, kind: core-group, chair: sw1, present: [sw1, mum]}\n",
		"visits.yaml":   "visits:\n  - {date: 2026-10-03, by: sw1, seen: [a]}\n",
	}
	_, d := LoadWith("u", civil.MustParse("2026-11-23"), func(name string) ([]byte, error) {
		return []byte(files[filepath.Base(name)]), nil
	})
	if len(d) != 1 || d[0].File != filepath.Join("u", "members.yaml") {
		t.Errorf("want one finding, in members.yaml; got %v", d)
	}
}
