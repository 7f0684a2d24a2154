// Package render turns obligations and findings into what people read and scripts parse:
// tables, JSON and CSV. Field names in JSON and CSV are stable (see the README).
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Item is an obligation with the words a person reads beside it.
type Item struct {
	engine.Obligation
	ChildLabel  string // the child's name (or initials with --redact), else the id
	WorkingDays int    // working days overdue, for the status text
}

// Record is the stable JSON and CSV shape of an obligation.
type Record struct {
	Case       string  `json:"case"`
	Policy     string  `json:"policy"`
	Rule       string  `json:"rule"`
	Title      string  `json:"title"`
	Child      string  `json:"child"`
	Due        *string `json:"due"`
	Status     string  `json:"status"`
	Met        *string `json:"met"`
	Days       *int    `json:"days"`
	Booked     *string `json:"booked"`
	BookedLate bool    `json:"booked_late"`
	Cite       string  `json:"cite"`
	Anchor     string  `json:"anchor"`
	Team       string  `json:"team"`
	Worker     string  `json:"worker"`
	Detail     string  `json:"detail"`
	Period     int     `json:"period"`
}

// Fields are the CSV columns, in order.
var Fields = []string{"case", "policy", "rule", "title", "child", "due", "status", "met", "days", "booked", "booked_late", "cite", "anchor", "team", "worker", "detail", "period"}

func datePtr(d civil.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// Portable is a position as data carries it: file:line with / between folders on every system, so
// that CSV, JSON and calendar files made on Windows match those made elsewhere, byte for byte.
// (Messages for people keep the system's own separators, which they can paste into a path.)
func Portable(p yamlwalk.Pos) string { return filepath.ToSlash(p.String()) }

// ToRecord is the stable shape of one obligation.
func ToRecord(o engine.Obligation) Record {
	r := Record{
		Case: o.Case, Policy: o.Policy, Rule: o.Rule, Title: o.Title, Child: o.Child,
		Due: datePtr(o.Due), Status: string(o.Status), Met: datePtr(o.Met), Booked: datePtr(o.Booked),
		BookedLate: o.BookedLate, Cite: o.Cite, Anchor: Portable(o.Anchor), Team: o.Team, Worker: o.Worker,
		Detail: o.Detail, Period: o.Period,
	}
	if o.HasDays {
		d := o.Days
		r.Days = &d
	}
	return r
}

// JSON writes an array of records (an empty array when there are none).
// Records are written one at a time, so a national audit's millions of obligations are never
// one document in memory; the bytes are those json.Encoder gives for the whole array.
func JSON(w io.Writer, items []Item) error {
	if len(items) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	if _, err := io.WriteString(w, "[\n  "); err != nil {
		return err
	}
	for i, it := range items {
		b, err := json.MarshalIndent(ToRecord(it.Obligation), "  ", "  ")
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := io.WriteString(w, ",\n  "); err != nil {
				return err
			}
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}

// CSV writes a header and one row per obligation; empty cells for nulls.
func CSV(w io.Writer, items []Item) error {
	cw := safe.NewCSVWriter(w) // every cell inert in a spreadsheet (a case or team named =HYPERLINK(...))
	if err := cw.Write(Fields); err != nil {
		return err
	}
	for _, it := range items {
		r := ToRecord(it.Obligation)
		days := ""
		if r.Days != nil {
			days = strconv.Itoa(*r.Days)
		}
		row := []string{r.Case, r.Policy, r.Rule, r.Title, r.Child, str(r.Due), r.Status, str(r.Met), days, str(r.Booked), strconv.FormatBool(r.BookedLate), r.Cite, r.Anchor, r.Team, r.Worker, r.Detail, strconv.Itoa(r.Period)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// StatusText is the status as a person says it: "3 working days overdue", "due in 2 days".
func StatusText(it Item) string {
	o := it.Obligation
	switch o.Status {
	case engine.Overdue:
		if it.WorkingDays > 0 {
			return plural(it.WorkingDays, "working day") + " overdue"
		}
		return plural(o.Days, "day") + " overdue"
	case engine.Due, engine.Open:
		switch o.Days {
		case 0:
			return "due today"
		case 1:
			return "due tomorrow"
		}
		return "due in " + plural(o.Days, "day")
	case engine.Late:
		return "met late, by " + plural(o.Days, "day")
	case engine.Met:
		return "met"
	case engine.Missed:
		return "missed"
	case engine.Waiting:
		return "waiting"
	case engine.NoTimescale:
		return "no timescale set"
	}
	return string(o.Status)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// DateText is a date as people read it: "Mon 7 Dec 2026".
func DateText(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("Mon 2 Jan 2006")
}

// DueTable is the table `cpcase due` prints.
func DueTable(items []Item) Table {
	t := Table{Header: []string{"Case", "Child", "Obligation", "Due", "Status", "Booked", "Cite"}}
	for _, it := range items {
		o := it.Obligation
		booked := ""
		if !o.Booked.IsZero() {
			booked = DateText(o.Booked)
			if o.BookedLate {
				booked += " (after due)"
			}
		}
		due := DateText(o.Due)
		if o.Status == engine.Met || o.Status == engine.Late {
			due = DateText(o.Due)
		}
		status := StatusText(it)
		if (o.Status == engine.Met || o.Status == engine.Late) && !o.Met.IsZero() {
			status += " " + DateText(o.Met)
		}
		title := o.Title
		if o.Detail != "" && o.Child == "" {
			title += " (" + o.Detail + ")"
		}
		t.Rows = append(t.Rows, []string{o.Case, it.ChildLabel, title, due, status, booked, o.Cite})
	}
	t.Color = func(row, col int) string {
		if col != 4 && !(col == 5 && items[row].BookedLate) {
			return ""
		}
		if col == 5 {
			return "33"
		}
		switch items[row].Status {
		case engine.Overdue, engine.Missed:
			return "1;31"
		case engine.Due:
			return "33"
		case engine.Waiting, engine.NoTimescale:
			return "36"
		case engine.Met:
			return "32"
		}
		return ""
	}
	return t
}
