package report

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"sort"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Markdown writes the report's content as text: the same overview and tables as the HTML, and
// each case's timeline as a dated list.
func Markdown(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	markdownHead(b, r, lines(r.Overdue()))
	for i := range r.Cases {
		markdownCase(b, r, &r.Cases[i])
	}
	return b.Flush()
}

// markdownHead writes what comes before the cases: the title, the cases not read, the overview
// with the overdue obligations in order.
func markdownHead(b io.Writer, r *Report, overdue iter.Seq[*Line]) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("# Core group caseload\n\n")
	scope := "each case checked against its own policy"
	if r.Policy != "" {
		scope = "every case checked against policy " + md(r.Policy)
	}
	by := ""
	if !r.HorizonEnd.IsZero() {
		by = ", by " + render.DateText(r.HorizonEnd)
	}
	p("As of %s (Europe/London) · %s · due soon means due within %s%s · %s\n\n", render.DateText(r.AsOf), plural(len(r.Cases), "case"), md(r.Horizon), by, scope)
	p("> This report holds information about children and families from child protection case records. Keep it, share it and destroy it as you would those records.")
	if r.Redacted {
		p(" Names are shown as initials.")
	}
	p("\n\n")
	if len(r.NotRead) > 0 {
		verb := "are"
		if len(r.NotRead) == 1 {
			verb = "is"
		}
		p("**%s could not be read and %s not in this report.** Run `cpcase check` and fix the errors:\n\n", plural(len(r.NotRead), "case folder"), verb)
		for _, n := range r.NotRead {
			p("- %s", md(n.Problem))
			if n.More() > 0 {
				p(" (and %s)", plural(n.More(), "more error"))
			}
			p("\n")
		}
		p("\n")
	}

	p("## Overview\n\n")
	t := r.Total()
	p("| Cases | Overdue | Due soon | Missed at a plan's end | Waiting or without a timescale |\n|---:|---:|---:|---:|---:|\n")
	p("| %d | %d | %d | %d | %d |\n\n", t.Cases, t.Overdue, t.Due, t.Missed, t.Undated)
	p("### By team\n\n| Team | Cases | Overdue | Due soon | Missed |\n|---|---:|---:|---:|---:|\n")
	for _, g := range r.ByTeam() {
		p("| %s | %d | %d | %d | %d |\n", md(g.Name), g.Cases, g.Overdue, g.Due, g.Missed)
	}
	p("\n### By lead social worker\n\n| Lead social worker | Team | Cases | Overdue | Due soon |\n|---|---|---:|---:|---:|\n")
	for _, g := range r.ByLead() {
		p("| %s | %s | %d | %d | %d |\n", md(g.Name), md(g.Teams), g.Cases, g.Overdue, g.Due)
	}
	p("\n### Overdue now\n\n")
	if t.Overdue > 0 {
		p("| Case | Child | Obligation | Due | Status | Lead social worker |\n|---|---|---|---|---|---|\n")
		for l := range overdue {
			p("| %s | %s | %s | %s | %s | %s |\n", md(l.Case), md(ChildOf(l.Item)), md(Title(l.Item)), render.DateText(l.Due), md(render.StatusText(l.Item)), md(l.Lead))
		}
	} else {
		p("Nothing is overdue.\n")
	}
}

// lines yields each line of ls.
func lines(ls []Line) iter.Seq[*Line] {
	return func(yield func(*Line) bool) {
		for i := range ls {
			if !yield(&ls[i]) {
				return
			}
		}
	}
}

// markdownCase writes one case: its facts, its timeline as a dated list, what is still to do.
func markdownCase(b io.Writer, r *Report, c *Case) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("\n## %s", md(c.Ref))
	if c.Team != "" {
		p(" · %s", md(c.Team))
	}
	p("\n\n")
	lead := "none recorded"
	if c.Lead != "" {
		lead = md(c.Lead)
	}
	p("- Lead social worker: %s\n", lead)
	var kids []string
	for _, ch := range c.Children {
		s := md(ch.Label)
		switch {
		case !ch.Born.IsZero():
			s += " (born " + render.DateText(ch.Born) + ")"
		case !ch.Expected.IsZero():
			s += " (unborn, expected " + render.DateText(ch.Expected) + ")"
		default:
			s += " (unborn)"
		}
		kids = append(kids, s)
	}
	p("- Children: %s\n- Policy: %s\n- Folder: %s\n", strings.Join(kids, ", "), md(c.Policy), md(c.Dir))
	var counts []string
	for _, n := range c.Counts() {
		counts = append(counts, fmt.Sprintf("%d %s", n.N, n.Word))
	}
	p("- Obligations: %s\n\n", strings.Join(counts, ", "))

	p("### Timeline\n\n")
	for _, e := range timelineEntries(c, r.AsOf) {
		if e.today {
			p("- **%s: today (the as-of date)**\n", render.DateText(r.AsOf))
			continue
		}
		p("- %s: %s\n", render.DateText(e.date), e.text)
	}

	p("\n### Still to do, and missed\n\n")
	att := c.Attention()
	if len(att) == 0 {
		p("Every obligation is met.\n")
		return
	}
	p("| Child | Obligation | Due | Status | Booked | Cite |\n|---|---|---|---|---|---|\n")
	for _, it := range att {
		booked := render.DateText(it.Booked)
		if it.BookedLate {
			booked += " (after the due date)"
		}
		p("| %s | %s | %s | %s | %s | %s |\n", md(ChildOf(it)), md(Title(it)), render.DateText(it.Due), md(render.StatusText(it)), booked, md(it.Cite))
	}
}

type mdEntry struct {
	date  civil.Date
	text  string
	order int // events before obligations on the same day
	today bool
}

// timelineEntries is the case's timeline as a dated list: events, and obligations on their due
// dates, in date order, with a line for today after everything dated on or before it.
func timelineEntries(c *Case, asOf civil.Date) []mdEntry {
	var out []mdEntry
	for _, e := range c.Events {
		out = append(out, mdEntry{date: e.Date, text: md(e.Label), order: kindOrder[e.Kind]})
	}
	for _, it := range c.Items {
		if it.Due.IsZero() {
			continue
		}
		what := md(Title(it))
		if ch := ChildOf(it); ch != "" {
			what += " · " + md(ch)
		}
		status := md(render.StatusText(it))
		switch it.Status {
		case engine.Met:
			status = "met " + render.DateText(it.Met)
		case engine.Late:
			status += " (" + render.DateText(it.Met) + ")"
		case engine.Overdue, engine.Missed:
			status = "**" + status + "**"
		}
		text := what + " due — " + status
		if !it.Booked.IsZero() {
			text += ", booked " + render.DateText(it.Booked)
			if it.BookedLate {
				text += " (after the due date)"
			}
		}
		out = append(out, mdEntry{date: it.Due, text: text, order: 10})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].date != out[j].date {
			return out[i].date < out[j].date
		}
		return out[i].order < out[j].order
	})
	at := sort.Search(len(out), func(i int) bool { return out[i].date > asOf })
	return append(out[:at], append([]mdEntry{{date: asOf, today: true}}, out[at:]...)...)
}

// md escapes text from case files, file and folder names included, for Markdown (safe.Markdown):
// nothing in a name, a title or a path may start a block, a link, emphasis, a table cell or HTML.
func md(s string) string { return safe.Markdown(s) }
