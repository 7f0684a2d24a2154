package report

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"hash/maphash"
	"html/template"
	"io"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/cpcase/cpcase/internal/atomicfile"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/speed"
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
// at once however large the caseload. A case's page is written as soon as the case is evaluated
// (Add), and what the front and team pages need of it (its row of its team's page, its overdue
// and due-soon obligations) goes into a speed.Spill, sorted as the pages list them (in memory up
// to a budget, then in runs on a private temporary file); Finish writes the team pages and the
// front page from the merge, holding only counts per team and per lead social worker.
type Site struct {
	Dir string
	R   *Report // AsOf, Horizon and the like; NotRead is filled by the caller

	mu    sync.Mutex
	lines *speed.Spill[overdueLine] // every overdue and due-soon obligation: by team, then as its page lists them
	rows  *speed.Spill[caseRow]     // every case's row of its team's page: by team, then worst first
}

// NewSite makes the folder dir (and missing parents) for a report written as pages.
func NewSite(dir string, r *Report) (*Site, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	return &Site{Dir: dir, R: r, lines: speed.NewSpill(lineBudget, compareTeamLine, overdueCodec),
		rows: speed.NewSpill(rowBudget, compareRow, rowCodec)}, nil
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
	Lines    iter.Seq[siteLine] // nil when there are none
	N        int
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

// Add writes the page of case c, the index-th folder in path order (which breaks ties in the
// order the team pages list), and keeps what the front and team pages need of it. It is safe to
// call from several goroutines.
func (s *Site) Add(c *Case, index int) error {
	team := c.Team
	if team == "" {
		team = NoTeam
	}
	p := struct {
		sitePage
		Case   htmlCase
		Legend []legendItem
	}{s.head(c.Ref), newHTMLCase(c, s.R), legend()}
	p.Heading = "Case " + c.Ref
	p.Crumbs, p.TeamLink, p.TeamName = true, TeamPage(c.Team), team
	if err := s.write(CasePage(c.Ref, c.Dir), "site-case", p); err != nil {
		return err
	}
	sum := c.pageSummary()
	id := uint32(index)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, it := range c.Items {
		if it.Status == engine.Overdue || it.Status == engine.Due {
			s.lines.Add(overdueLine{Line: Line{Case: c.Ref, Team: c.Team, Lead: c.Lead, Item: it}, id: id, n: i, dir: c.Dir})
		}
	}
	s.rows.Add(caseRow{Ref: c.Ref, Dir: c.Dir, Team: c.Team, Lead: c.Lead, overdue: sum.overdue, due: sum.due, missed: sum.missed, undated: sum.undated, id: id})
	return nil
}

// Close removes the temporary files.
func (s *Site) Close() error {
	s.lines.Close()
	s.rows.Close()
	return nil
}

// siteCounts is what Finish counts of the cases in the report before it writes a page.
type siteCounts struct {
	total Tally
	teams map[string]*teamCounts // by teamKey
	seed  maphash.Seed
	cases []uint64 // the hashes of the case pages wanted, sorted
}

type teamCounts struct {
	Tally
	leads map[string]*Tally
}

// wanted says whether name is the page of a case or team in the report.
func (c *siteCounts) wanted(name string) bool {
	if strings.HasPrefix(name, "team-") {
		for k := range c.teams {
			if TeamPage(k) == name {
				return true
			}
		}
		return false
	}
	_, found := slices.BinarySearch(c.cases, maphash.String(c.seed, name))
	return found // a clash of hashes keeps a page it might have removed, never the reverse
}

// Finish writes the team pages and the front page from the cases added whose indexes are in
// kept (a case added and then left out, a second folder of a reference, is not), then removes
// the pages of cases and teams an earlier run wrote that are no longer there. It returns the
// totals the front page shows.
func (s *Site) Finish(kept []int) (Tally, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, i := range kept {
		n = max(n, i+1)
	}
	in := make([]bool, n)
	for _, i := range kept {
		in[i] = true
	}
	isKept := func(id uint32) bool { return int(id) < len(in) && in[id] }
	c := s.count(isKept)
	top, err := s.writeTeams(c, isKept)
	if err == nil {
		err = cmp.Or(s.rows.Err(), s.lines.Err())
	}
	if err == nil {
		err = s.writeIndex(c, top)
	}
	if err != nil {
		return Tally{}, err
	}
	return c.total, s.removeOld(c.wanted)
}

// count counts the cases kept, per team and per lead social worker within it, from their rows.
func (s *Site) count(isKept func(uint32) bool) *siteCounts {
	c := &siteCounts{total: Tally{Name: "All cases"}, teams: map[string]*teamCounts{}, seed: maphash.MakeSeed()}
	for r := range s.rows.Each {
		if !isKept(r.id) {
			continue
		}
		c.total.count(r.overdue, r.due, r.missed, r.undated)
		k := teamKey(r.Team)
		t := c.teams[k]
		if t == nil {
			t = &teamCounts{Tally: Tally{Name: k}, leads: map[string]*Tally{}}
			c.teams[k] = t
		}
		t.count(r.overdue, r.due, r.missed, r.undated)
		lead := r.Lead
		if lead == "" {
			lead = NoLead
		}
		l := t.leads[lead]
		if l == nil {
			l = &Tally{Name: lead}
			t.leads[lead] = l
		}
		l.count(r.overdue, r.due, r.missed, r.undated)
		c.cases = append(c.cases, maphash.String(c.seed, CasePage(r.Ref, r.Dir)))
	}
	slices.Sort(c.cases)
	return c
}

// writeTeams writes each team's page from the merges (both sorted by team first, so the teams
// are written in the order of their names) and returns the most overdue obligations across the
// teams, for the front page.
func (s *Site) writeTeams(c *siteCounts, isKept func(uint32) bool) ([]overdueLine, error) {
	nextLine, stopLines := iter.Pull(func(yield func(*overdueLine) bool) {
		for l := range s.lines.Each {
			if isKept(l.id) && !yield(l) {
				return
			}
		}
	})
	defer stopLines()
	nextRow, stopRows := iter.Pull(func(yield func(*caseRow) bool) {
		for r := range s.rows.Each {
			if isKept(r.id) && !yield(r) {
				return
			}
		}
	})
	defer stopRows()
	// What a merge gives is good until its next value is asked for: each is copied first.
	line, lineOK := nextLine()
	row, rowOK := nextRow()
	var top []overdueLine
	lines := func(key string, status engine.Status, n int) siteLines {
		if n == 0 {
			return siteLines{}
		}
		return siteLines{N: n, Lines: func(yield func(siteLine) bool) {
			// Past what an earlier page or section left unread (nothing, as the templates read
			// every line they are given).
			for lineOK && (teamKey(line.Team) < key || teamKey(line.Team) == key && status == engine.Due && line.Status == engine.Overdue) {
				line, lineOK = nextLine()
			}
			for lineOK && teamKey(line.Team) == key && line.Status == status {
				l := siteLine{Line: line.Line, Page: CasePage(line.Case, line.dir)}
				if status == engine.Overdue {
					top = mostOverdue(top, line)
				}
				line, lineOK = nextLine()
				if !yield(l) {
					return
				}
			}
		}}
	}
	cases := func(key string) iter.Seq[siteRow] {
		return func(yield func(siteRow) bool) {
			for rowOK && teamKey(row.Team) < key {
				row, rowOK = nextRow()
			}
			for rowOK && teamKey(row.Team) == key {
				one := Tally{Name: row.Ref}
				one.count(row.overdue, row.due, row.missed, row.undated)
				lead := row.Lead
				if lead == "" {
					lead = "none recorded"
				}
				r := siteRow{Tally: one, Lead: lead, Page: CasePage(row.Ref, row.Dir)}
				row, rowOK = nextRow()
				if !yield(r) {
					return
				}
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.teams)) {
		t := c.teams[k]
		leads := make([]Tally, 0, len(t.leads))
		for _, l := range t.leads {
			leads = append(leads, *l)
		}
		worstFirst(leads)
		// The template reads the overdue lines, then the due-soon ones, then the cases: the
		// order of the merges.
		p := struct {
			sitePage
			Over, Soon siteLines
			Leads      []Tally
			Cases      iter.Seq[siteRow]
		}{sitePage: s.head(k), Over: lines(k, engine.Overdue, t.Overdue), Soon: lines(k, engine.Due, t.Due), Leads: leads, Cases: cases(k)}
		p.Heading = "Team: " + k
		p.Crumbs, p.Total = true, t.Tally
		if err := s.write(TeamPage(k), "site-team", p); err != nil {
			return nil, err
		}
	}
	return top, nil
}

// writeIndex writes the front page: the totals, every team worst first, and top, the most
// overdue obligations.
func (s *Site) writeIndex(c *siteCounts, top []overdueLine) error {
	byTeam := make([]Tally, 0, len(c.teams))
	for _, t := range c.teams {
		byTeam = append(byTeam, t.Tally)
	}
	worstFirst(byTeam)
	rows := make([]siteRow, len(byTeam))
	for i, t := range byTeam {
		rows[i] = siteRow{Tally: t, Page: TeamPage(t.Name)}
	}
	over := make([]siteLine, len(top))
	for i, l := range top {
		over[i] = siteLine{Line: l.Line, Page: CasePage(l.Case, l.dir)}
	}
	idx := struct {
		sitePage
		Teams []siteRow
		Over  siteLines
	}{sitePage: s.head("Core group caseload"), Teams: rows, Over: siteLines{ShowTeam: true, N: len(over)}}
	if len(over) > 0 {
		idx.Over.Lines = slices.Values(over)
	}
	idx.Total = c.total
	return s.write("index.html", "site-index", idx)
}

// removeOld removes the pages in the folder that an earlier run wrote and wanted says are no
// longer there. The folder is read a part at a time: it holds a page per case.
func (s *Site) removeOld(wanted func(name string) bool) error {
	d, err := os.Open(s.Dir)
	if err != nil {
		return err
	}
	defer d.Close()
	var old []string
	for {
		ents, err := d.ReadDir(1024)
		for _, e := range ents {
			if ourPage.MatchString(e.Name()) && e.Type().IsRegular() && !wanted(e.Name()) {
				old = append(old, e.Name())
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	for _, name := range old {
		os.Remove(filepath.Join(s.Dir, name))
	}
	return nil
}

// mostOverdue keeps top, the IndexLines most overdue obligations in order, with l among them if
// it is one.
func mostOverdue(top []overdueLine, l *overdueLine) []overdueLine {
	i, _ := slices.BinarySearchFunc(top, l, func(a overdueLine, b *overdueLine) int { return compareOverdue(&a, b) })
	if i >= IndexLines {
		return top
	}
	if len(top) == IndexLines {
		top = top[:IndexLines-1]
	}
	return slices.Insert(top, i, *l)
}

// teamKey is the name a case's team is grouped and listed under.
func teamKey(team string) string {
	if team == "" {
		return NoTeam
	}
	return team
}

// compareTeamLine orders a team page's lines: by team, then the overdue ones as the overview
// lists them, then the due-soon ones in the same order (engine.Less puts overdue first).
func compareTeamLine(a, b *overdueLine) int {
	return cmp.Or(cmp.Compare(teamKey(a.Team), teamKey(b.Team)), compareOverdue(a, b))
}

// caseRow is a case's row of its team's page, with its place in path order (id).
type caseRow struct {
	Ref, Dir, Team, Lead          string
	overdue, due, missed, undated int
	id                            uint32
}

// lineBudget and rowBudget are how many obligations (about 550 bytes each in memory) and case
// rows (about 180 bytes) a Site holds before it sorts them into runs on disk: some 4 and 3 MB,
// small beside what the runner keeps of 50,000 cases, and few runs to merge (at 50,000 cases,
// some 150,000 obligations overdue or due soon make 18 runs).
var lineBudget, rowBudget = 1 << 13, 1 << 14 // a test lowers them

// compareRow orders a team page's cases: by team, then worst first (most overdue, then most
// due), then in path order.
func compareRow(a, b *caseRow) int {
	return cmp.Or(cmp.Compare(teamKey(a.Team), teamKey(b.Team)), cmp.Compare(b.overdue, a.overdue), cmp.Compare(b.due, a.due), cmp.Compare(a.id, b.id))
}

var rowCodec = speed.Codec[caseRow]{
	Encode: func(b []byte, r *caseRow) ([]byte, error) {
		for _, s := range []string{r.Ref, r.Dir, r.Team, r.Lead} {
			b = speed.AppendString(b, s)
		}
		for _, n := range []int{r.overdue, r.due, r.missed, r.undated} {
			b = binary.AppendUvarint(b, uint64(n))
		}
		return binary.AppendUvarint(b, uint64(r.id)), nil
	},
	Decode: func(b []byte) (caseRow, error) {
		d := &speed.Decoder{B: b}
		var r caseRow
		r.Ref, r.Dir, r.Team, r.Lead = d.Str(), d.Str(), d.Str(), d.Str()
		r.overdue, r.due, r.missed, r.undated = int(d.Uvarint()), int(d.Uvarint()), int(d.Uvarint()), int(d.Uvarint())
		r.id = uint32(d.Uvarint())
		if len(d.B) != 0 {
			d.Bad = true
		}
		return r, d.Err()
	},
}
