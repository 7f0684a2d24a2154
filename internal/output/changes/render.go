package changes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Options say how movement is written.
type Options struct {
	Redact bool // leave out commit authors (names and email addresses)
}

// clean makes text from a file or a commit message unable to act on a terminal.
func clean(s string) string { return safe.Term(s) }

// state is an obligation's due date and status in words: "Thu 12 Nov 2026, open".
func state(o *engine.Obligation) string {
	if o == nil {
		return ""
	}
	s := string(o.Status)
	if !o.Due.IsZero() {
		s = render.DateText(o.Due) + ", " + s
	}
	if !o.Met.IsZero() {
		s += " " + render.DateText(o.Met)
	}
	return s
}

// what names the obligation: its title, the child and what it is about.
func what(o engine.Obligation) string {
	s := o.Title
	var extra []string
	if o.Child != "" {
		extra = append(extra, "child "+o.Child)
	}
	if o.Detail != "" {
		extra = append(extra, o.Detail)
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return clean(s)
}

// commitText is "1a2b3c4d5e6f 2026-11-11 Ann Author: Visit to A" (no author with Redact).
func commitText(c history.Commit, o Options) string {
	s := c.Short() + " " + c.Date().String()
	if !o.Redact {
		s += " " + clean(c.Author)
	}
	return s + ": " + clean(c.Subject)
}

// behind is the commits behind a movement in words.
func behind(m Movement, o Options) string {
	var parts []string
	for _, c := range m.Commits {
		parts = append(parts, commitText(c, o))
	}
	if m.Uncommitted {
		parts = append(parts, "uncommitted changes")
	}
	if len(parts) == 0 {
		if m.Kind == BecameOverdue {
			return "no record changed: the due date passed"
		}
		return "no record changed since then"
	}
	return strings.Join(parts, "; ")
}

// Header is the table's header.
var Header = []string{"Case", "Change", "Obligation", "Then", "Now", "Behind it"}

// Rows are the table's rows, grouped by case, each with its kind of change ("" for a row about
// the case itself): a case's added or removed folder, or its failure to load, on a row of its own.
// Read more than once, it gives the same rows: a table written into a file measures, then prints.
func Rows(r *Report, o Options) func(yield func(row []string, kind Kind) bool) {
	return func(yield func([]string, Kind) bool) {
		for _, c := range r.Cases {
			var head []string
			switch {
			case c.Failed:
				head = []string{clean(c.Ref), "not compared", "the case does not load (run cpcase check " + clean(c.Folder) + ")", "", "", ""}
			case c.Added:
				head = []string{clean(c.Ref), "new case", clean(c.Folder), "", "", ""}
			case c.Removed:
				head = []string{clean(c.Ref), "case removed", clean(c.Folder), "", "", ""}
			case c.FixedSince:
				head = []string{clean(c.Ref), "errors fixed", "it did not load then: what it has to do now is listed as appeared", "", "", ""}
			}
			if head != nil && !yield(head, "") {
				return
			}
			if c.PlanStarted || c.PlanEnded {
				if !yield([]string{clean(c.Ref), planChange(c), "child protection plan", onPlan(!c.PlanStarted), onPlan(c.PlanStarted), ""}, "") {
					return
				}
			}
			for _, m := range c.Movements {
				if !yield([]string{clean(c.Ref), string(m.Kind), what(m.Obligation()), state(m.Before), state(m.After), behind(m, o)}, m.Kind) {
					return
				}
			}
		}
	}
}

// Table is the movement as a table (Rows), for a terminal, with the kind of change coloured.
func Table(r *Report, o Options) render.Table {
	t := render.Table{Header: Header}
	var kinds []Kind
	for row, kind := range Rows(r, o) {
		t.Rows = append(t.Rows, row)
		kinds = append(kinds, kind)
	}
	t.Color = func(row, col int) string {
		if col != 1 {
			return ""
		}
		switch kinds[row] {
		case BecameOverdue:
			return "1;31"
		case WasMet:
			return "32"
		case Moved:
			return "33"
		}
		return ""
	}
	return t
}

// PlainRows are the rows of Rows without their kinds, for render.WritePlainSeq.
func PlainRows(r *Report, o Options) func(yield func([]string) bool) {
	return func(yield func([]string) bool) {
		for row := range Rows(r, o) {
			if !yield(row) {
				return
			}
		}
	}
}

func planChange(c CaseChanges) string {
	if c.PlanStarted {
		return "plan started"
	}
	return "plan ended"
}

func onPlan(on bool) string {
	if on {
		return "on a plan"
	}
	return "no plan"
}

// Summary is the line above the table: `Since 1a2b3c4d5e6f of 2026-11-02 ("Open case A"): 3
// changes in 2 cases, 1 newly overdue (then as of 2026-11-16, now as of 2026-11-23).`
func Summary(r *Report) string {
	n := 0
	for _, c := range r.Cases {
		n += len(c.Movements)
	}
	return fmt.Sprintf("Since %s of %s (%q): %s in %s, %d newly overdue (then as of %s, now as of %s).",
		r.From.Short(), r.From.Date(), clean(r.From.Subject), plural(n, "change"), plural(len(r.Cases), "case"), r.NewlyOverdue(), r.Since, r.AsOf)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// The JSON shape; field names are stable.
type jsonReport struct {
	Since        jsonFrom   `json:"since"`
	AsOf         string     `json:"as_of"`
	NewlyOverdue int        `json:"newly_overdue"`
	Cases        []jsonCase `json:"cases"`
}

type jsonFrom struct {
	Commit jsonCommit `json:"commit"`
	AsOf   string     `json:"as_of"`
}

type jsonCommit struct {
	Hash    string `json:"hash"`
	Date    string `json:"date"`
	Author  string `json:"author,omitempty"`
	Email   string `json:"email,omitempty"`
	Subject string `json:"subject"`
}

type jsonCase struct {
	Case        string         `json:"case"`
	Folder      string         `json:"folder"`
	Added       bool           `json:"added"`
	Removed     bool           `json:"removed"`
	Failed      bool           `json:"not_compared"`
	FixedSince  bool           `json:"had_errors_then"`
	PlanStarted bool           `json:"plan_started"`
	PlanEnded   bool           `json:"plan_ended"`
	Changes     []jsonMovement `json:"changes"`
}

type jsonMovement struct {
	Change       string       `json:"change"`
	NewlyOverdue bool         `json:"newly_overdue"`
	Rule         string       `json:"rule"`
	Title        string       `json:"title"`
	Child        string       `json:"child"`
	Detail       string       `json:"detail"`
	Period       int          `json:"period"`
	Before       *jsonState   `json:"before"`
	After        *jsonState   `json:"after"`
	Files        []string     `json:"files"`
	Commits      []jsonCommit `json:"commits"`
	Uncommitted  bool         `json:"uncommitted"`
}

type jsonState struct {
	Due    *string `json:"due"`
	Status string  `json:"status"`
	Met    *string `json:"met"`
	Booked *string `json:"booked"`
	Anchor string  `json:"anchor"`
}

func datePtr(d civil.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func jsonOf(o *engine.Obligation, rel func(string) string) *jsonState {
	if o == nil {
		return nil
	}
	anchor := o.Anchor.String()
	if rel != nil {
		if f := rel(o.Anchor.File); f != "" {
			anchor = fmt.Sprintf("%s:%d", f, o.Anchor.Line)
		}
	}
	return &jsonState{Due: datePtr(o.Due), Status: string(o.Status), Met: datePtr(o.Met), Booked: datePtr(o.Booked), Anchor: anchor}
}

func commitJSON(c history.Commit, o Options) jsonCommit {
	j := jsonCommit{Hash: c.Hash, Date: c.When.In(history.London).Format("2006-01-02T15:04:05Z07:00"), Subject: c.Subject}
	if !o.Redact {
		j.Author, j.Email = c.Author, c.Email
	}
	return j
}

// JSON writes the report as one object. Positions are relative to the top of the repository
// when before and after say how (their Rel).
func JSON(w io.Writer, r *Report, before, after func(string) string, o Options) error {
	j := jsonReport{Since: jsonFrom{Commit: commitJSON(r.From, o), AsOf: r.Since.String()}, AsOf: r.AsOf.String(), NewlyOverdue: r.NewlyOverdue(), Cases: []jsonCase{}}
	// The object is written a case at a time, the same bytes as encoding it whole: its fields
	// with an empty list of cases, then each case indented as an element of that list.
	head, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	at := bytes.LastIndex(head, []byte("[]"))
	if len(r.Cases) == 0 || at < 0 {
		_, err := w.Write(append(head, '\n'))
		return err
	}
	if _, err := w.Write(append(head[:at:at], "[\n"...)); err != nil {
		return err
	}
	for i, c := range r.Cases {
		jc := jsonCase{Case: c.Ref, Folder: c.Folder, Added: c.Added, Removed: c.Removed, Failed: c.Failed, FixedSince: c.FixedSince, PlanStarted: c.PlanStarted, PlanEnded: c.PlanEnded, Changes: []jsonMovement{}}
		for _, m := range c.Movements {
			ob := m.Obligation()
			jm := jsonMovement{Change: string(m.Kind), NewlyOverdue: m.NewlyOverdue(), Rule: ob.Rule, Title: ob.Title, Child: ob.Child, Detail: ob.Detail, Period: ob.Period,
				Before: jsonOf(m.Before, before), After: jsonOf(m.After, after), Files: append([]string{}, m.Files...), Commits: []jsonCommit{}, Uncommitted: m.Uncommitted}
			for _, cm := range m.Commits {
				jm.Commits = append(jm.Commits, commitJSON(cm, o))
			}
			jc.Changes = append(jc.Changes, jm)
		}
		b, err := json.MarshalIndent(jc, "    ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n    "
		if i == 0 {
			sep = "    "
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err = w.Write(append([]byte("\n  ]"), append(head[at+2:], '\n')...))
	return err
}

// CSVFields are the CSV columns, in order.
var CSVFields = []string{"case", "change", "newly_overdue", "rule", "title", "child", "detail", "period", "due_before", "status_before", "due_after", "status_after", "commits", "authors", "subjects", "uncommitted"}

// CSV writes one row per movement (a case added, removed or not compared is a row with an empty
// rule); several commits in a cell are separated by "; ".
func CSV(w io.Writer, r *Report, o Options) error {
	cw := safe.NewCSVWriter(w) // every cell inert in a spreadsheet
	if err := cw.Write(CSVFields); err != nil {
		return err
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for _, c := range r.Cases {
		var note string
		switch {
		case c.Failed:
			note = "not compared"
		case c.Added:
			note = "new case"
		case c.Removed:
			note = "case removed"
		case c.FixedSince:
			note = "errors fixed"
		}
		if note != "" {
			if err := cw.Write([]string{c.Ref, note, "false", "", "", "", c.Folder, "", "", "", "", "", "", "", "", "false"}); err != nil {
				return err
			}
		}
		if c.PlanStarted || c.PlanEnded {
			if err := cw.Write([]string{c.Ref, planChange(c), "false", "", "", "", "", "", "", onPlan(!c.PlanStarted), "", onPlan(c.PlanStarted), "", "", "", "false"}); err != nil {
				return err
			}
		}
		for _, m := range c.Movements {
			ob := m.Obligation()
			var hashes, authors, subjects []string
			for _, cm := range m.Commits {
				hashes = append(hashes, cm.Short())
				if !o.Redact {
					authors = append(authors, clean(cm.Author))
				}
				subjects = append(subjects, clean(cm.Subject))
			}
			var b, a jsonState
			if m.Before != nil {
				b = *jsonOf(m.Before, nil)
			}
			if m.After != nil {
				a = *jsonOf(m.After, nil)
			}
			row := []string{c.Ref, string(m.Kind), fmt.Sprint(m.NewlyOverdue()), ob.Rule, ob.Title, ob.Child, ob.Detail, fmt.Sprint(ob.Period),
				str(b.Due), b.Status, str(a.Due), a.Status, strings.Join(hashes, "; "), strings.Join(authors, "; "), strings.Join(subjects, "; "), fmt.Sprint(m.Uncommitted)}
			for i := range row {
				row[i] = clean(row[i])
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
