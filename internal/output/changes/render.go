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
func state(o State) string {
	if !o.Has {
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
func what(r *Record) string {
	s := r.Title
	var extra []string
	if r.Child != "" {
		extra = append(extra, "child "+r.Child)
	}
	if r.Detail != "" {
		extra = append(extra, r.Detail)
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
func behind(r *Record, commits []history.Commit, o Options) string {
	var parts []string
	for _, c := range commits {
		parts = append(parts, commitText(c, o))
	}
	if r.Uncommitted {
		parts = append(parts, "uncommitted changes")
	}
	if len(parts) == 0 {
		if r.Kind == BecameOverdue {
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
func Rows(m *Movements, o Options) func(yield func(row []string, kind Kind) bool) {
	return func(yield func([]string, Kind) bool) {
		for r := range m.Each {
			if r.Seq > 0 {
				if !yield([]string{clean(r.Ref), string(r.Kind), what(r), state(r.Before), state(r.After), behind(r, m.Commits(r), o)}, r.Kind) {
					return
				}
				continue
			}
			var head []string
			switch {
			case r.Failed:
				head = []string{clean(r.Ref), "not compared", "the case does not load (run cpcase check " + clean(r.Folder) + ")", "", "", ""}
			case r.Added:
				head = []string{clean(r.Ref), "new case", clean(r.Folder), "", "", ""}
			case r.Removed:
				head = []string{clean(r.Ref), "case removed", clean(r.Folder), "", "", ""}
			case r.FixedSince:
				head = []string{clean(r.Ref), "errors fixed", "it did not load then: what it has to do now is listed as appeared", "", "", ""}
			}
			if head != nil && !yield(head, "") {
				return
			}
			if r.PlanStarted || r.PlanEnded {
				if !yield([]string{clean(r.Ref), planChange(r), "child protection plan", onPlan(!r.PlanStarted), onPlan(r.PlanStarted), ""}, "") {
					return
				}
			}
		}
	}
}

// Table is the movement of a report as a table (Rows), for a terminal, with the kind of change
// coloured: every row held.
func Table(r *Report, o Options) render.Table {
	m := r.Movements(nil, nil)
	defer m.Close()
	t := render.Table{Header: Header}
	var kinds []Kind
	for row, kind := range Rows(m, o) {
		t.Rows = append(t.Rows, row)
		kinds = append(kinds, kind)
	}
	t.Color = func(row, col int) string {
		if col != 1 {
			return ""
		}
		return kindColor(kinds[row])
	}
	return t
}

// kindColor is the colour of a kind of change on a terminal (an SGR code, or "").
func kindColor(k Kind) string {
	switch k {
	case BecameOverdue:
		return "1;31"
	case WasMet:
		return "32"
	case Moved:
		return "33"
	}
	return ""
}

// colored are the colours of a row's cells: the kind of change's, in its column.
var colored = map[Kind][]string{}

func init() {
	for _, k := range Kinds {
		if c := kindColor(k); c != "" {
			colored[k] = []string{"", c}
		}
	}
}

// ColoredRows are the rows of Rows with their cells' colours, for render.WriteTableSeq (the
// boxed table of a terminal, read twice rather than held).
func ColoredRows(m *Movements, o Options) func(yield func(cells, colors []string) bool) {
	return func(yield func([]string, []string) bool) {
		for row, kind := range Rows(m, o) {
			if !yield(row, colored[kind]) {
				return
			}
		}
	}
}

// PlainRows are the rows of Rows without their kinds, for render.WritePlainSeq.
func PlainRows(m *Movements, o Options) func(yield func([]string) bool) {
	return func(yield func([]string) bool) {
		for row := range Rows(m, o) {
			if !yield(row) {
				return
			}
		}
	}
}

func planChange(r *Record) string {
	if r.PlanStarted {
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
	m := r.Movements(nil, nil)
	defer m.Close()
	return SummaryOf(m)
}

// SummaryOf is Summary of the movement of many cases.
func SummaryOf(m *Movements) string {
	return fmt.Sprintf("Since %s of %s (%q): %s in %s, %d newly overdue (then as of %s, now as of %s).",
		m.From.Short(), m.From.Date(), clean(m.From.Subject), plural(m.Changes(), "change"), plural(m.Cases(), "case"), m.NewlyOverdue(), m.Since, m.AsOf)
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

func jsonOf(s State) *jsonState {
	if !s.Has {
		return nil
	}
	return &jsonState{Due: datePtr(s.Due), Status: string(s.Status), Met: datePtr(s.Met), Booked: datePtr(s.Booked), Anchor: s.Anchor}
}

// anchorText is where an obligation is anchored, as the JSON gives it: file:line relative to the
// top of the repository when rel says, else the position as it is.
func anchorText(o *engine.Obligation, rel func(string) string) string {
	if rel != nil {
		if f := rel(o.Anchor.File); f != "" {
			return fmt.Sprintf("%s:%d", f, o.Anchor.Line)
		}
	}
	return o.Anchor.String()
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
	m := r.Movements(before, after)
	defer m.Close()
	return WriteJSON(w, m, o)
}

// WriteJSON writes the movement as one object, a case at a time.
func WriteJSON(w io.Writer, m *Movements, o Options) error {
	j := jsonReport{Since: jsonFrom{Commit: commitJSON(m.From, o), AsOf: m.Since.String()}, AsOf: m.AsOf.String(), NewlyOverdue: m.NewlyOverdue(), Cases: []jsonCase{}}
	// The object is written a case at a time, the same bytes as encoding it whole: its fields
	// with an empty list of cases, then each case indented as an element of that list.
	head, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	at := bytes.LastIndex(head, []byte("[]"))
	if m.Cases() == 0 || at < 0 {
		_, err := w.Write(append(head, '\n'))
		return err
	}
	if _, err := w.Write(append(head[:at:at], "[\n"...)); err != nil {
		return err
	}
	var jc *jsonCase
	first := true
	flush := func() error {
		if jc == nil {
			return nil
		}
		b, err := json.MarshalIndent(jc, "    ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n    "
		if first {
			sep, first = "    ", false
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	for r := range m.Each {
		if r.Seq == 0 {
			if err = flush(); err != nil {
				return err
			}
			jc = &jsonCase{Case: r.Ref, Folder: r.Folder, Added: r.Added, Removed: r.Removed, Failed: r.Failed, FixedSince: r.FixedSince, PlanStarted: r.PlanStarted, PlanEnded: r.PlanEnded, Changes: []jsonMovement{}}
			continue
		}
		if jc == nil {
			return errBadRecord
		}
		jm := jsonMovement{Change: string(r.Kind), NewlyOverdue: r.Newly, Rule: r.Rule, Title: r.Title, Child: r.Child, Detail: r.Detail, Period: r.Period,
			Before: jsonOf(r.Before), After: jsonOf(r.After), Files: append([]string{}, r.Files...), Commits: []jsonCommit{}, Uncommitted: r.Uncommitted}
		for _, cm := range m.Commits(r) {
			jm.Commits = append(jm.Commits, commitJSON(cm, o))
		}
		jc.Changes = append(jc.Changes, jm)
	}
	if err := m.Err(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	_, err = w.Write(append([]byte("\n  ]"), append(head[at+2:], '\n')...))
	return err
}

// CSVFields are the CSV columns, in order.
var CSVFields = []string{"case", "change", "newly_overdue", "rule", "title", "child", "detail", "period", "due_before", "status_before", "due_after", "status_after", "commits", "authors", "subjects", "uncommitted"}

// CSV writes one row per movement (a case added, removed or not compared is a row with an empty
// rule); several commits in a cell are separated by "; ".
func CSV(w io.Writer, r *Report, o Options) error {
	m := r.Movements(nil, nil)
	defer m.Close()
	return WriteCSV(w, m, o)
}

// WriteCSV is CSV of the movement of many cases, a row at a time.
func WriteCSV(w io.Writer, m *Movements, o Options) error {
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
	for r := range m.Each {
		if r.Seq == 0 {
			var note string
			switch {
			case r.Failed:
				note = "not compared"
			case r.Added:
				note = "new case"
			case r.Removed:
				note = "case removed"
			case r.FixedSince:
				note = "errors fixed"
			}
			if note != "" {
				if err := cw.Write([]string{r.Ref, note, "false", "", "", "", r.Folder, "", "", "", "", "", "", "", "", "false"}); err != nil {
					return err
				}
			}
			if r.PlanStarted || r.PlanEnded {
				if err := cw.Write([]string{r.Ref, planChange(r), "false", "", "", "", "", "", "", onPlan(!r.PlanStarted), "", onPlan(r.PlanStarted), "", "", "", "false"}); err != nil {
					return err
				}
			}
			continue
		}
		var hashes, authors, subjects []string
		for _, cm := range m.Commits(r) {
			hashes = append(hashes, cm.Short())
			if !o.Redact {
				authors = append(authors, clean(cm.Author))
			}
			subjects = append(subjects, clean(cm.Subject))
		}
		var b, a jsonState
		if j := jsonOf(r.Before); j != nil {
			b = *j
		}
		if j := jsonOf(r.After); j != nil {
			a = *j
		}
		row := []string{r.Ref, string(r.Kind), fmt.Sprint(r.Newly), r.Rule, r.Title, r.Child, r.Detail, fmt.Sprint(r.Period),
			str(b.Due), b.Status, str(a.Due), a.Status, strings.Join(hashes, "; "), strings.Join(authors, "; "), strings.Join(subjects, "; "), fmt.Sprint(r.Uncommitted)}
		for i := range row {
			row[i] = clean(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	if err := m.Err(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
