package report

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/testutil"
)

// siteSample is a caseload of n cases in three teams (one recording none), some without a lead,
// with more overdue obligations than the front page lists and many ties of due date between
// cases and within a case.
func siteSample(n int) *Report {
	r := &Report{AsOf: asOf, Horizon: "14 days", HorizonEnd: civil.MustParse("2026-12-07")}
	teams := []string{"North", "South", ""}
	leads := []string{"Sam", "", "Ali", "Bo"}
	for i := range n {
		ref := fmt.Sprintf("R-%03d", (i*37)%n) // references not in path order
		c := Case{Ref: ref, Team: teams[i%3], Lead: leads[i%4], Dir: fmt.Sprintf("cases/%03d", i), Policy: "p"}
		add := func(rule, child, due string, st engine.Status) {
			it := ob(rule, child, due, st)
			it.Obligation.Case = ref
			c.Items = append(c.Items, it)
		}
		add("first-core-group", "", "2026-06-25", engine.Met)
		add("child-seen", "k", fmt.Sprintf("2026-11-%02d", 1+i%5), engine.Overdue)
		for range i % 3 { // the same place in Less: listed as the case lists them
			add("core-group-cadence", "", fmt.Sprintf("2026-10-%02d", 10+i%4), engine.Overdue)
			c.Items[len(c.Items)-1].Detail = fmt.Sprintf("period %d", len(c.Items))
		}
		for range i % 2 {
			add("child-seen", "m", fmt.Sprintf("2026-11-%02d", 24+i%4), engine.Due)
		}
		if i%5 == 0 {
			add("record-circulated", "", "2026-09-01", engine.Missed)
			add("child-seen", "w", "", engine.Waiting)
		}
		r.Cases = append(r.Cases, c)
	}
	return r
}

var siteHref = regexp.MustCompile(`<td class="ref"><a href="([^"]+)">`)

// hrefs are the case links of the part of page between from and to.
func hrefs(page, from, to string) []string {
	i := strings.Index(page, from)
	j := strings.Index(page[i:], to)
	if i < 0 || j < 0 {
		return nil
	}
	var out []string
	for _, m := range siteHref.FindAllStringSubmatch(page[i:i+j], -1) {
		out = append(out, m[1])
	}
	return out
}

// A Site writes the same pages whether what the front and team pages need is held in memory or
// sorted through runs on disk, whatever order the cases are added in (from several goroutines);
// the pages list what the report's own in-memory lists give, in their order; a case added and
// then left out (a second folder of a reference) is on no page and its page is removed; and no
// temporary file is left behind.
func TestSiteSameBytesThroughDisk(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	defer func(l, r int) { lineBudget, rowBudget = l, r }(lineBudget, rowBudget)
	r := siteSample(90)
	var want map[string]string
	for _, budget := range []int{1 << 15, 1, 3} {
		lineBudget, rowBudget = budget, budget
		dir := t.TempDir()
		head := &Report{AsOf: r.AsOf, Horizon: r.Horizon, HorizonEnd: r.HorizonEnd}
		s, err := NewSite(dir, head)
		if err != nil {
			t.Fatal(err)
		}
		dropped := r.Cases[4]
		dropped.Dir = "cases/zz-second"
		dropped.Items = slices.Clone(dropped.Items)
		dropped.Items[1].Due = civil.MustParse("2020-01-01") // it would be the most overdue
		if err := s.Add(&dropped, len(r.Cases)); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := len(r.Cases) - 1; i >= 0; i-- {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.Add(&r.Cases[i], i); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		kept := make([]int, len(r.Cases))
		for i := range kept {
			kept[i] = i
		}
		total, err := s.Finish(kept)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Total(); total != got {
			t.Errorf("budget %d: totals %+v, want %+v", budget, total, got)
		}
		if spilled := s.lines.Spilled() && s.rows.Spilled(); spilled != (budget < 10) {
			t.Errorf("budget %d: spilled to disk %v", budget, spilled)
		}
		s.Close()
		got := testutil.ReadDir(t, dir)
		if _, ok := got[CasePage(dropped.Ref, dropped.Dir)]; ok {
			t.Errorf("budget %d: the page of a case left out is still there", budget)
		}
		if want == nil {
			want = got
			checkSiteLists(t, r, got)
		} else if len(got) != len(want) {
			t.Errorf("budget %d: %d pages, want %d", budget, len(got), len(want))
		}
		for name, page := range want {
			if got[name] != page {
				t.Errorf("budget %d: %s differs from the one written in memory", budget, name)
			}
		}
		if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) > 0 {
			t.Errorf("left in the temporary folder: %v", left)
		}
	}
}

// checkSiteLists checks the lists of the pages against the report's own, made in memory from
// every case: the front page's most overdue, and each team's overdue, due soon and cases.
func checkSiteLists(t *testing.T, r *Report, pages map[string]string) {
	t.Helper()
	pageOf := func(ls []Line) []string {
		var out []string
		for _, l := range ls {
			for _, c := range r.Cases {
				if c.Ref == l.Case {
					out = append(out, CasePage(c.Ref, c.Dir))
				}
			}
		}
		return out
	}
	over := r.Overdue()
	if len(over) <= IndexLines {
		t.Fatalf("the sample has %d overdue: too few to test the front page's cut", len(over))
	}
	if got, want := hrefs(pages["index.html"], "Most overdue", "</table>"), pageOf(over[:IndexLines]); !slices.Equal(got, want) {
		t.Errorf("front page's most overdue:\n%v\nwant\n%v", got, want)
	}
	if !strings.Contains(pages["index.html"], fmt.Sprintf("The %d most overdue of %d;", IndexLines, len(over))) {
		t.Error("the front page does not say how many of how many overdue it lists")
	}
	for _, team := range []string{"North", "South", ""} {
		tr := &Report{}
		for _, c := range r.Cases {
			if c.Team == team {
				tr.Cases = append(tr.Cases, c)
			}
		}
		var soon []Line
		for _, c := range tr.Cases {
			for _, it := range c.Items {
				if it.Status == engine.Due {
					soon = append(soon, Line{Case: c.Ref, Item: it})
				}
			}
		}
		sort.SliceStable(soon, func(i, j int) bool { return engine.Less(soon[i].Obligation, soon[j].Obligation) })
		cases := slices.Clone(tr.Cases)
		n := func(c Case, st engine.Status) int {
			k := 0
			for _, it := range c.Items {
				k += b2i(it.Status == st)
			}
			return k
		}
		sort.SliceStable(cases, func(i, j int) bool {
			if a, b := n(cases[i], engine.Overdue), n(cases[j], engine.Overdue); a != b {
				return a > b
			}
			return n(cases[i], engine.Due) > n(cases[j], engine.Due)
		})
		var casePages []string
		for _, c := range cases {
			casePages = append(casePages, CasePage(c.Ref, c.Dir))
		}
		page := pages[TeamPage(team)]
		if got, want := hrefs(page, "Overdue now", "</table>"), pageOf(tr.Overdue()); !slices.Equal(got, want) {
			t.Errorf("team %q overdue:\n%v\nwant\n%v", team, got, want)
		}
		if got, want := hrefs(page, "Due soon", "</table>"), pageOf(soon); !slices.Equal(got, want) {
			t.Errorf("team %q due soon:\n%v\nwant\n%v", team, got, want)
		}
		if got := hrefs(page, `id="cases"`, "</table>"); !slices.Equal(got, casePages) {
			t.Errorf("team %q cases:\n%v\nwant\n%v", team, got, casePages)
		}
		for _, l := range tr.ByLead() {
			row := fmt.Sprintf("<tr><td>%s</td><td class=\"n\">%d</td>", l.Name, l.Cases)
			if !strings.Contains(page, row) {
				t.Errorf("team %q: no row %s", team, row)
			}
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
