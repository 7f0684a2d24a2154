package report

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/cpcase/cpcase/internal/atomicfile"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
)

//go:embed site.html.tmpl
var siteSource string

// pages are the report's page templates: the single page's, whose case section the case pages
// reuse, and the site's.
var pages = template.Must(template.Must(page.Clone()).Parse(siteSource))

// IndexLines is how many of the most overdue obligations the front page lists; each team's page
// lists all of its own.
const IndexLines = 100

// Site writes a report as a folder of pages (docs/report.md): index.html (the totals, every team
// with what is overdue and due soon, and the most overdue obligations), a page per team (its
// overdue and due-soon obligations, its lead social workers, its cases) and a page per case (its
// timeline and what is still to do). Each page holds only what it shows, so the front page opens
// at once however large the caseload, and a case page is written as soon as its case is
// evaluated: the run keeps only each case's counts and its overdue and due-soon obligations.
type Site struct {
	Dir string
	R   *Report // AsOf, Horizon and the like; Cases and NotRead are filled by the caller

}

// NewSite makes the folder dir (and missing parents) for a report written as pages.
func NewSite(dir string, r *Report) (*Site, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	return &Site{Dir: dir, R: r}, nil
}

// pageName is a file name for a case or a team: a readable part of its name, then a hash of key
// (a case's folder, a team's name), so that two that differ only in case or punctuation get two
// pages on every file system.
func pageName(kind, name, key string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if b.Len() >= 40 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	sum := sha256.Sum256([]byte(key))
	return kind + "-" + strings.Trim(b.String(), "-") + "-" + hex.EncodeToString(sum[:4]) + ".html"
}

// ourPage matches the names pageName makes: only these are removed when a case or team is gone.
var ourPage = regexp.MustCompile(`^(case|team)-[a-z0-9-]*-[0-9a-f]{8}\.html$`)

// CasePage is the file name of the page of the case with this reference in the folder dir: the
// folder decides it, so that a second folder that uses the same reference (reported, and left
// out) never takes the first one's page.
func CasePage(ref, dir string) string { return pageName("case", ref, dir) }

// TeamPage is the file name of a team's page.
func TeamPage(team string) string {
	if team == "" {
		team = NoTeam
	}
	return pageName("team", team, team)
}

type sitePage struct {
	R                  *Report
	CSS                template.CSS
	Title, Heading     string
	Crumbs             bool
	TeamLink, TeamName string
	Total              Tally
}

type siteLines struct {
	ShowTeam bool
	Lines    []siteLine
}

type siteLine struct {
	Line
	Page string
}

type siteRow struct {
	Tally
	Lead, Page string
}

func (s *Site) head(title string) sitePage {
	return sitePage{R: s.R, CSS: template.CSS(cssSource), Title: title, Heading: title}
}

func (s *Site) write(name, tmpl string, data any) error {
	return atomicfile.WriteWith(filepath.Join(s.Dir, name), func(w io.Writer) error {
		b := bufio.NewWriter(w)
		if err := pages.ExecuteTemplate(b, tmpl, data); err != nil {
			return err
		}
		return b.Flush()
	}, atomicfile.Options{Within: s.Dir})
}

// WriteCase writes the page of one case. It is safe to call from several goroutines.
func (s *Site) WriteCase(c *Case) error {
	team := c.Team
	if team == "" {
		team = NoTeam
	}
	p := struct {
		sitePage
		Case   htmlCase
		Legend []legendItem
	}{s.head(c.Ref), htmlCase{Case: c, TL: NewTimeline(c, s.R.AsOf, s.R.HorizonEnd), Attention: c.Attention(), Counts: c.Counts()}, legend()}
	p.Heading = "Case " + c.Ref
	p.Crumbs, p.TeamLink, p.TeamName = true, TeamPage(c.Team), team
	return s.write(CasePage(c.Ref, c.Dir), "site-case", p)
}

// Summary is what the front and team pages need of a case whose page is written: its counts and
// its overdue and due-soon obligations.
func (c *Case) Summary() Case {
	out := Case{Ref: c.Ref, Dir: c.Dir, Team: c.Team, Policy: c.Policy, Lead: c.Lead}
	for _, it := range c.Items {
		switch it.Status {
		case engine.Overdue, engine.Due:
			out.Items = append(out.Items, it)
		case engine.Missed:
			out.missed++
		case engine.Waiting, engine.NoTimescale:
			out.undated++
		}
	}
	return out
}

// Finish writes the front page and the team pages from s.R.Cases (summaries, in path order),
// then removes the pages of cases and teams an earlier run wrote that are no longer there.
func (s *Site) Finish() error {
	r := s.R
	wanted := map[string]bool{}
	dirOf := map[string]string{} // references are unique once duplicates are left out
	for _, c := range r.Cases {
		dirOf[c.Ref] = c.Dir
		wanted[CasePage(c.Ref, c.Dir)] = true
	}
	lines := func(ls []Line, n int) siteLines {
		out := siteLines{ShowTeam: true}
		for _, l := range ls {
			if n >= 0 && len(out.Lines) == n {
				break
			}
			out.Lines = append(out.Lines, siteLine{Line: l, Page: CasePage(l.Case, dirOf[l.Case])})
		}
		return out
	}
	teams := map[string]*Report{}
	for _, c := range r.Cases {
		t := teams[c.Team]
		if t == nil {
			t = &Report{AsOf: r.AsOf, Horizon: r.Horizon, HorizonEnd: r.HorizonEnd, Policy: r.Policy, Redacted: r.Redacted}
			teams[c.Team] = t
		}
		t.Cases = append(t.Cases, c)
	}
	var rows []siteRow
	for _, t := range r.ByTeam() {
		team := t.Name
		if team == NoTeam {
			team = ""
		}
		rows = append(rows, siteRow{Tally: t, Page: TeamPage(team)})
		wanted[TeamPage(team)] = true
		tr := teams[team]
		p := struct {
			sitePage
			Over, Soon siteLines
			Leads      []Tally
			Cases      []siteRow
		}{sitePage: s.head(t.Name), Over: lines(tr.Overdue(), -1), Soon: lines(tr.DueSoon(), -1), Leads: tr.ByLead()}
		p.Heading = "Team: " + t.Name
		p.Crumbs, p.Total = true, tr.Total()
		p.Over.ShowTeam, p.Soon.ShowTeam = false, false
		for i := range tr.Cases {
			c := &tr.Cases[i]
			var one Tally
			one.add(c)
			one.Name = c.Ref
			lead := c.Lead
			if lead == "" {
				lead = "none recorded"
			}
			p.Cases = append(p.Cases, siteRow{Tally: one, Lead: lead, Page: CasePage(c.Ref, c.Dir)})
		}
		sort.SliceStable(p.Cases, func(i, j int) bool {
			a, b := p.Cases[i], p.Cases[j]
			if a.Overdue != b.Overdue {
				return a.Overdue > b.Overdue
			}
			return a.Due > b.Due
		})
		if err := s.write(TeamPage(team), "site-team", p); err != nil {
			return err
		}
	}
	idx := struct {
		sitePage
		Teams []siteRow
		Over  siteLines
	}{sitePage: s.head("Core group caseload"), Teams: rows, Over: lines(r.Overdue(), IndexLines)}
	idx.Total = r.Total()
	if err := s.write("index.html", "site-index", idx); err != nil {
		return err
	}
	old, err := os.ReadDir(s.Dir)
	if err != nil {
		return err
	}
	for _, e := range old {
		if ourPage.MatchString(e.Name()) && e.Type().IsRegular() && !wanted[e.Name()] {
			os.Remove(filepath.Join(s.Dir, e.Name()))
		}
	}
	return nil
}

// DueSoon lists every obligation due soon, soonest first.
func (r *Report) DueSoon() []Line {
	var out []Line
	for _, c := range r.Cases {
		for _, it := range c.Items {
			if it.Status == engine.Due {
				out = append(out, Line{Case: c.Ref, Team: c.Team, Lead: c.Lead, Item: it})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return engine.Less(out[i].Obligation, out[j].Obligation) })
	return out
}
