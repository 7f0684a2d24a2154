package report

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/render"
)

//go:embed report.html.tmpl
var htmlSource string

//go:embed report.css
var cssSource string

// The page is html/template, so every name, title and path from a case file is escaped.
var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"date":   render.DateText,
	"status": render.StatusText,
	"title":  Title,
	"child":  ChildOf,
	"plural": plural,
	"caseID": func(ref string) string { return "case-" + ref },
	"add":    func(a, b any) float64 { return round1(num(a) + num(b)) },
	"sub":    func(a, b any) float64 { return round1(num(a) - num(b)) },
}).Parse(htmlSource))

func num(v any) float64 {
	switch n := v.(type) {
	case int:
		return float64(n)
	case float64:
		return n
	}
	panic(fmt.Sprintf("report template: %T is not a number", v)) // a template bug, caught by the tests
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// legendItem is one entry of the legend: a shape (and a line or band) and what it means.
type legendItem struct {
	Class, D, Line, Rect, Word string
}

func legend() []legendItem {
	out := []legendItem{
		{Class: "conf", D: diamond(8, 8, 6.5), Word: "conference"},
		{Class: "cg", D: circle(8, 8, 5.5), Word: "core group"},
		{Class: "cg booked", D: circle(8, 8, 5.5), Word: "booked (not yet held)"},
		{Class: "cg cancelled", D: circle(8, 8, 5.5) + slash(8, 8, 7), Word: "cancelled"},
		{Class: "meeting", D: square(8, 8, 5), Word: "other meeting"},
		{Class: "visit", D: circle(8, 8, 3.5), Word: "visit"},
		{Class: "visit noaccess", D: cross(8, 8, 4.5), Word: "visit, no access"},
	}
	words := map[engine.Status]string{
		engine.Met:     "due date, met on time",
		engine.Late:    "met late (line to the day it was met)",
		engine.Missed:  "missed at the plan's end",
		engine.Overdue: "overdue (line to today)",
		engine.Due:     "due soon",
		engine.Open:    "not yet due",
	}
	for _, s := range []engine.Status{engine.Met, engine.Late, engine.Missed, engine.Overdue, engine.Due, engine.Open} {
		it := legendItem{Class: "ob st-" + string(s), D: LegendShape(s), Word: words[s]}
		if s == engine.Late || s == engine.Overdue {
			it.Line = "span st-" + string(s)
		}
		out = append(out, it)
	}
	out = append(out,
		legendItem{Line: "bookline", Class: "bookmark", D: circle(13, 8, 2.5), Word: "booked meeting beside its due date (red: after it)"},
		legendItem{Line: "today", Word: "today (the as-of date)"},
		legendItem{Rect: "horizon", Word: "due-soon window"},
	)
	return out
}

type htmlCase struct {
	*Case
	TL        *Timeline
	Attention []render.Item
	Counts    []StatusCount
}

func newHTMLCase(c *Case, r *Report) htmlCase {
	return htmlCase{Case: c, TL: NewTimeline(c, r.AsOf, r.HorizonEnd), Attention: c.Attention(), Counts: c.Counts()}
}

func newHTMLPage(r *Report, cases []htmlCase) htmlPage {
	return htmlPage{Report: r, CSS: template.CSS(cssSource), Total: r.Total(), ByTeam: r.ByTeam(), ByLead: r.ByLead(),
		Overdue: r.Overdue(), Legend: legend(), Cases: cases}
}

type htmlPage struct {
	*Report
	CSS     template.CSS
	Total   Tally
	ByTeam  []Tally
	ByLead  []Tally
	Overdue []Line
	Legend  []legendItem
	Cases   []htmlCase
}

// HTML writes the report as one page: inline CSS, inline SVG, no script and nothing fetched.
func HTML(w io.Writer, r *Report) error {
	var cases []htmlCase
	for i := range r.Cases {
		cases = append(cases, newHTMLCase(&r.Cases[i], r))
	}
	p := newHTMLPage(r, cases)
	b := bufio.NewWriter(w)
	if err := page.Execute(b, p); err != nil {
		return err
	}
	return b.Flush()
}
