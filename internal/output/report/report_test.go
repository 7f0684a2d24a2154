package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/output/render"
)

var asOf = civil.MustParse("2026-11-23")

// labels are the short labels the sample's policy gives its rules.
var labels = map[string]string{"first-core-group": "First core group", "child-seen": "Child seen"}

func ob(rule, child, due string, st engine.Status) render.Item {
	o := engine.Obligation{Case: "C", Rule: rule, Title: rule, Label: labels[rule], Child: child, Status: st}
	if due != "" {
		o.Due = civil.MustParse(due)
	}
	return render.Item{Obligation: o, ChildLabel: child}
}

// Everything that comes from a case file is text to html/template, in the page and in the SVG:
// a name that looks like markup is shown, never run.
func TestHTMLEscapesCaseText(t *testing.T) {
	evil := `<script>alert("x")</script>`
	it := ob("child-seen", "k", "2026-11-12", engine.Overdue)
	it.Title, it.ChildLabel, it.Cite = `"><svg onload=alert(1)>`, `A&B <i>`, evil
	r := &Report{AsOf: asOf, Horizon: "14 days", Cases: []Case{{
		Ref: "NR-<1>", Team: evil, Lead: evil, Dir: evil,
		Children: []Child{{Label: evil}},
		Events:   []Event{{Kind: Conference, Date: civil.MustParse("2026-10-01"), Label: evil, Short: evil}},
		Items:    []render.Item{it},
	}}, NotRead: []NotRead{{Dir: "x", Problem: "x/plan.yaml:1:1: `<b>`", Errors: 2}}}
	var b bytes.Buffer
	if err := HTML(&b, r); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, bad := range []string{"<script", "<svg onload", "<i>"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML holds %q unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "&#34;&gt;&lt;svg onload=alert(1)&gt;", "A&amp;B &lt;i&gt;", "NR-&lt;1&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks the escaped text %q", want)
		}
	}

	b.Reset()
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	mdText := b.String()
	if strings.Contains(mdText, "<script>") || !strings.Contains(mdText, `\<script\>alert("x")\</script\>`) {
		t.Errorf("markdown does not escape markup:\n%s", mdText)
	}
	// a problem is quoted as code, where nothing is markup; its own backticks cannot end the span
	if !strings.Contains(mdText, "- x/plan.yaml:1:1: \\`\\<b\\>\\` (and 1 more error)\n") {
		t.Errorf("markdown does not quote the folder's problem:\n%s", mdText)
	}
	if got := md("a|b *c* _d_ [e](f) `g` #h\nnext"); got != `a\|b \*c\* \_d\_ \[e\](f) \`+"`"+`g\`+"`"+` \#h next` {
		t.Errorf("md: %s", got)
	}
}

// The timeline spans whole months around everything drawn, at least to the end of the due-soon
// band; a date maps linearly onto the plot; marks outside the 18 months before the as-of date are
// counted, not drawn.
func TestTimelineGeometry(t *testing.T) {
	c := &Case{Ref: "C",
		Events: []Event{
			{Kind: Conference, Date: civil.MustParse("2026-06-11"), Label: "Initial conference: plan", Short: "initial"},
			{Kind: Visit, Date: civil.MustParse("2024-01-10"), Label: "Home visit"}, // 34 months back
			{Kind: Visit, Date: civil.MustParse("2026-11-16"), Label: "Home visit: no access", NoAccess: true},
		},
		Items: []render.Item{
			ob("first-core-group", "", "2026-06-25", engine.Met),
			ob("child-seen", "t", "2026-11-12", engine.Overdue),
			ob("child-seen", "l", "2026-12-08", engine.Open),
			ob("pre-birth-core-group", "u", "", engine.Waiting),
		},
	}
	tl := NewTimeline(c, asOf, civil.MustParse("2026-12-07"))
	// 18 months before 1 Nov 2026 is 1 May 2025; the last date is the horizon end 7 Dec + 3 days.
	if tl.Start != civil.MustParse("2025-05-01") || tl.End != civil.MustParse("2027-01-01") {
		t.Errorf("span %s to %s, want 2025-05-01 to 2027-01-01", tl.Start, tl.End)
	}
	if tl.Hidden != 1 {
		t.Errorf("hidden %d, want 1 (the 2024 visit)", tl.Hidden)
	}
	// lanes: conferences, core groups, visits, then first-core-group, child-seen t, child-seen l;
	// the waiting row has no date and no lane
	var labels []string
	for _, l := range tl.Lanes {
		labels = append(labels, l.Label)
	}
	if got := strings.Join(labels, "|"); got != "Conferences|Core groups|Visits|First core group|Child seen · t|Child seen · l" {
		t.Errorf("lanes %s", got)
	}
	if len(tl.Marks) != 5 {
		t.Fatalf("%d marks, want 5 (2 events, 3 dated obligations)", len(tl.Marks))
	}
	days := float64(tl.End.Sub(tl.Start)) // 610
	wantX := round1(float64(tl.X0) + float64(civil.MustParse("2026-06-11").Sub(tl.Start))*float64(tl.X1-tl.X0)/days)
	if tl.Marks[0].X != wantX || tl.Marks[0].KindAttr != "conference" {
		t.Errorf("conference at x=%v (%s), want %v", tl.Marks[0].X, tl.Marks[0].KindAttr, wantX)
	}
	if m := tl.Marks[1]; m.Class != "visit noaccess" {
		t.Errorf("no-access visit drawn as %q", m.Class)
	}
	over := tl.Marks[3]
	if over.StatusAttr != "overdue" || !over.Line || over.LX2 != tl.Today || over.LX1 != over.X {
		t.Errorf("overdue mark %+v: want a line from its due date to today (x=%v)", over, tl.Today)
	}
	if tl.Today <= over.X || tl.HorizonX <= tl.Today {
		t.Errorf("today %v should lie after the overdue date %v and before the horizon end %v", tl.Today, over.X, tl.HorizonX)
	}
}

// Month labels keep at least 62 units apart: every month over 7 months, every second over 20.
func TestTicks(t *testing.T) {
	labelled := func(start, end string) []string {
		s, e := civil.MustParse(start), civil.MustParse(end)
		var out []string
		for _, tk := range ticks(s, e, func(d civil.Date) float64 { return float64(d.Sub(s)) }) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	if got := strings.Join(labelled("2026-06-01", "2027-01-01"), ","); got != "Jun 2026,Jul,Aug,Sep,Oct,Nov,Dec" {
		t.Errorf("7 months: %s", got)
	}
	if got := strings.Join(labelled("2025-05-01", "2027-01-01"), ","); got != "May 2025,Jul,Sep,Nov,Jan 2026,Mar,May,Jul,Sep,Nov" {
		t.Errorf("20 months: %s", got)
	}
}

func TestOverviewGroups(t *testing.T) {
	r := &Report{AsOf: asOf, Cases: []Case{
		{Ref: "A", Team: "North", Lead: "Sam", Items: []render.Item{ob("x", "", "2026-11-01", engine.Overdue), ob("y", "", "2026-11-30", engine.Due)}},
		{Ref: "B", Team: "North", Lead: "Kim", Items: []render.Item{ob("x", "", "2026-10-01", engine.Overdue), ob("x", "", "2026-09-01", engine.Overdue)}},
		{Ref: "C", Team: "", Lead: "Sam", Items: []render.Item{ob("x", "", "2026-11-28", engine.Due), ob("z", "", "", engine.NoTimescale), ob("w", "", "2026-05-01", engine.Missed)}},
	}}
	tot := r.Total()
	if tot.Cases != 3 || tot.Overdue != 3 || tot.Due != 2 || tot.Missed != 1 || tot.Undated != 1 {
		t.Errorf("total %+v", tot)
	}
	teams := r.ByTeam()
	if len(teams) != 2 || teams[0].Name != "North" || teams[0].Overdue != 3 || teams[0].Cases != 2 || teams[1].Name != NoTeam || teams[1].Due != 1 {
		t.Errorf("by team %+v", teams)
	}
	leads := r.ByLead()
	// Kim and Sam have 2 and 1 overdue: Kim first; Sam's cases are in North and in no team
	if len(leads) != 2 || leads[0].Name != "Kim" || leads[1].Name != "Sam" || leads[1].Cases != 2 || leads[1].Teams != NoTeam+", North" {
		t.Errorf("by lead %+v", leads)
	}
	over := r.Overdue()
	if len(over) != 3 || over[0].Case != "B" || over[0].Due != civil.MustParse("2026-09-01") || over[2].Case != "A" {
		t.Errorf("overdue order: %+v", over)
	}
}

// FromCase keeps the dates and words drawn, in date order (conference, core group, other
// meeting, visit on the same day), with names passed through the namer.
func TestFromCase(t *testing.T) {
	d := civil.MustParse
	c := &casefolder.Case{Ref: "NR-1", Team: "T", Policy: "core-groups-s9",
		Children:    []casefolder.Child{{ID: "a", Name: "Alex Smith", Born: d("2019-04-02")}, {ID: "b", Expected: d("2027-01-15")}},
		Conferences: []casefolder.Conference{{Kind: "initial", Date: d("2026-10-01"), Decision: "plan", Lead: "sw1"}},
		Members:     []casefolder.Member{{ID: "sw1", Name: "Sam Okafor", Role: "social-worker"}},
		Meetings: []casefolder.Meeting{
			{Date: d("2026-10-13"), Kind: "core-group"},
			{Date: d("2026-12-01"), Kind: "core-group", RescheduledFrom: d("2026-11-24")},
			{Date: d("2026-10-13"), Kind: "professionals", Cancelled: true},
		},
		Visits: []casefolder.Visit{{Date: d("2026-10-13"), By: "sw1", Kind: "home", Seen: []string{"a"}, Alone: []string{"a"}, Bedroom: true},
			{Date: d("2026-10-20"), By: "sw1", Kind: "home", NoAccess: true}},
	}
	got := FromCase(c, nil, asOf, func(s string) string { return "<" + s + ">" })
	if got.Lead != "<Sam Okafor>" || got.Children[0].Label != "<Alex Smith>" || got.Children[1].Label != "b" {
		t.Errorf("names: lead %q children %+v", got.Lead, got.Children)
	}
	var lines []string
	for _, e := range got.Events {
		lines = append(lines, e.Date.String()+" "+e.Label)
	}
	want := []string{
		"2026-10-01 Initial conference: plan",
		"2026-10-13 Core group",
		"2026-10-13 Professionals' meeting (cancelled)",
		"2026-10-13 Home visit by <Sam Okafor>: saw <Alex Smith> (alone: <Alex Smith>); bedroom seen",
		"2026-10-20 Home visit by <Sam Okafor>: no access",
		"2026-12-01 Core group (booked), moved from Tue 24 Nov 2026",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if !got.Events[5].Booked || got.Events[1].Booked || !got.Events[4].NoAccess || !got.Events[2].Cancelled {
		t.Errorf("flags wrong: %+v", got.Events)
	}
}

// benchReport is 200 cases shaped like the s9 example: 2 conferences, 5 core groups, 17 visits
// and 85 obligations each.
func benchReport() *Report {
	r := &Report{AsOf: asOf, Horizon: "14 days", HorizonEnd: asOf.AddDays(14)}
	statuses := []engine.Status{engine.Met, engine.Met, engine.Met, engine.Late, engine.Overdue, engine.Due, engine.Open}
	for i := 0; i < 200; i++ {
		c := Case{Ref: "NR-" + string(rune('A'+i%26)) + civil.Date(i).String(), Team: "Team " + string(rune('A'+i%5)), Lead: "Worker " + string(rune('A'+i%40))}
		for d := 0; d < 24; d++ {
			k := []EventKind{Conference, CoreGroup, CoreGroup, Visit, Visit, Visit}[d%6]
			c.Events = append(c.Events, Event{Kind: k, Date: asOf.AddDays(-160 + 7*d), Label: "Home visit by W.: saw T., L., R.", NoAccess: d%11 == 0})
		}
		for j := 0; j < 85; j++ {
			it := ob([]string{"child-seen", "seen-alone", "core-group-cadence", "action-due", "record-circulated"}[j%5], []string{"", "t", "l"}[j%3], asOf.AddDays(-150+2*j).String(), statuses[j%len(statuses)])
			it.Met = it.Due.AddDays(-1 + j%3)
			c.Items = append(c.Items, it)
		}
		r.Cases = append(r.Cases, c)
	}
	return r
}

func BenchmarkHTML(b *testing.B) {
	r := benchReport()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := HTML(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/200, "bytes/case")
}

func BenchmarkMarkdown(b *testing.B) {
	r := benchReport()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Markdown(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
}
