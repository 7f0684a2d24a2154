// Package render turns obligations and findings into what people read and scripts parse:
// tables, JSON and CSV. Field names in JSON and CSV are stable (see the README).
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Item is an obligation with the words a person reads beside it.
type Item struct {
	engine.Obligation
	ChildLabel string // the child's name (or initials with --redact), else the id
	// WorkingDays is Days counted in the policy's working days (overdue by, late by, missed by or
	// until due); it means something when HasDays does.
	WorkingDays int
	Staff       string // the lead social worker's authority-wide staff id (members.yaml staff:), if given
	WorkerLabel string // the lead social worker as a person reads them: name (initials with --redact), else staff or member id
	ActionText  string // for an obligation about an action: what is to be done (redacted with --redact)
	ActionOwner string // for an obligation about an action: its owner, as WorkerLabel is written
	Folder      string // for a case that could not be evaluated: its folder
	// Limited: the case's policy sets a limit on some rule, so JSON and CSV give limit and
	// over_limit for this obligation (null and false where its own rule sets none).
	Limited bool
}

// NotEvaluated is the status of an Item that stands for a case that could not be read or
// evaluated (see Unevaluated): not a status of the engine, never the status of an obligation.
const NotEvaluated engine.Status = "not-evaluated"

// Unevaluated is the Item that stands, in every output, for a case whose obligations cannot be
// known: the case reference when plan.yaml gave one (else the folder), where the first problem
// is and what it is, and how many problems there are.
func Unevaluated(ref, dir string, at casefolder.Pos, why string, problems int) Item {
	known := ref != ""
	if !known {
		ref = filepath.ToSlash(dir) // data: / on every system, as Portable
	}
	title := "Case not checked"
	if problems > 1 {
		title = fmt.Sprintf("Case not checked (%d problems, the first here)", problems)
	}
	if at.File == "" {
		at.File = dir
	}
	it := Item{Obligation: engine.Obligation{Case: ref, Status: NotEvaluated, Title: title, Anchor: at, Detail: why}, Folder: dir}
	if !known {
		it.Folder = "\x00" + dir // the reference is the folder: RefKnown says so
	}
	return it
}

// RefKnown reports whether an unevaluated item's Case is the case reference (not its folder).
func (it Item) RefKnown() bool { return !strings.HasPrefix(it.Folder, "\x00") }

// Dir is the folder of an unevaluated item's case.
func (it Item) Dir() string { return strings.TrimPrefix(it.Folder, "\x00") }

// Pos is a place in a case file.
func Pos(file string, line, col int) casefolder.Pos {
	return casefolder.Pos{File: file, Line: line, Col: col}
}

// IsUnevaluated reports whether it stands for a case that could not be evaluated.
func (it Item) IsUnevaluated() bool { return it.Status == NotEvaluated }

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
	// WorkingDays is Days in the policy's working days (added later than the others, so last).
	WorkingDays *int `json:"working_days"`
	// Limit and OverLimit are there only when the case's policy sets limits (Item.Limited).
	Limit     *json.RawMessage `json:"limit,omitempty"`
	OverLimit *bool            `json:"over_limit,omitempty"`
}

// Fields are the CSV columns, in order.
var Fields = []string{"case", "policy", "rule", "title", "child", "due", "status", "met", "days", "booked", "booked_late", "cite", "anchor", "team", "worker", "detail", "period", "working_days"}

// LimitFields are the columns after Fields when an obligation shown is of a policy with limits.
var LimitFields = []string{"limit", "over_limit"}

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
func Portable(p casefolder.Pos) string { return filepath.ToSlash(p.String()) }

// ToRecord is the stable shape of one item. worker is the staff id when members.yaml gives one,
// else the case's own member id.
func ToRecord(it Item) Record {
	o := it.Obligation
	r := Record{
		Case: o.Case, Policy: o.Policy, Rule: o.Rule, Title: o.Title, Child: o.Child,
		Due: datePtr(o.Due), Status: string(o.Status), Met: datePtr(o.Met), Booked: datePtr(o.Booked),
		BookedLate: o.BookedLate, Cite: o.Cite, Anchor: Portable(o.Anchor), Team: o.Team, Worker: o.Worker,
		Detail: o.Detail, Period: o.Period,
	}
	if it.Staff != "" {
		r.Worker = it.Staff
	}
	if o.HasDays {
		d, wd := o.Days, it.WorkingDays
		r.Days, r.WorkingDays = &d, &wd
	}
	if it.Limited {
		lim := json.RawMessage("null")
		if p := datePtr(o.Limit); p != nil {
			lim = json.RawMessage(strconv.Quote(*p))
		}
		over := o.OverLimit
		r.Limit, r.OverLimit = &lim, &over
	}
	return r
}

// JSON writes an array of records (an empty array when there are none).
// Records are written one at a time, so a national audit's millions of obligations are never
// one document in memory; the bytes are those json.Encoder gives for the whole array.
func JSON(w io.Writer, items []Item) error { return JSONSeq(w, slices.Values(items)) }

// JSONSeq is JSON of the items in the order items yields them, holding one at a time.
func JSONSeq(w io.Writer, items iter.Seq[Item]) error {
	return jsonRecords(w, func(yield func(Record) bool) {
		for it := range items {
			if !yield(ToRecord(it)) {
				return
			}
		}
	}, appendRecord)
}

// appendRecord is json.MarshalIndent(r, "  ", "  ") appended to b, written field by field: the
// reflection and the second pass of indenting are most of a listing's JSON otherwise. A string
// that is not plain printable ASCII without <, > or & is json.Marshal's own, and a record with a
// limit (a raw value, which MarshalIndent indents) is MarshalIndent's whole:
// TestAppendRecordIsMarshalIndent holds it to MarshalIndent.
func appendRecord(b []byte, r *Record) ([]byte, error) {
	if r.Limit != nil {
		m, err := json.MarshalIndent(r, "  ", "  ")
		return append(b, m...), err
	}
	str := func(key, v string) {
		b = append(b, "\n    \""...)
		b = append(b, key...)
		b = append(b, "\": "...)
		b = appendJSONString(b, v)
		b = append(b, ',')
	}
	strPtr := func(key string, v *string) {
		if v == nil {
			b = append(b, "\n    \""...)
			b = append(b, key...)
			b = append(b, "\": null,"...)
			return
		}
		str(key, *v)
	}
	num := func(key string, v *int) {
		b = append(b, "\n    \""...)
		b = append(b, key...)
		b = append(b, "\": "...)
		if v == nil {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendInt(b, int64(*v), 10)
		}
		b = append(b, ',')
	}
	b = append(b, '{')
	str("case", r.Case)
	str("policy", r.Policy)
	str("rule", r.Rule)
	str("title", r.Title)
	str("child", r.Child)
	strPtr("due", r.Due)
	str("status", r.Status)
	strPtr("met", r.Met)
	num("days", r.Days)
	strPtr("booked", r.Booked)
	b = append(b, "\n    \"booked_late\": "...)
	b = strconv.AppendBool(b, r.BookedLate)
	b = append(b, ',')
	str("cite", r.Cite)
	str("anchor", r.Anchor)
	str("team", r.Team)
	str("worker", r.Worker)
	str("detail", r.Detail)
	period := r.Period
	num("period", &period)
	num("working_days", r.WorkingDays)
	if r.OverLimit != nil {
		b = append(b, "\n    \"over_limit\": "...)
		b = strconv.AppendBool(b, *r.OverLimit)
		b = append(b, ',')
	}
	b = b[:len(b)-1] // the last comma
	return append(b, "\n  }"...), nil
}

// appendJSONString is s as json.Marshal writes it: as it is, in quotes, when it is printable
// ASCII with nothing to escape; otherwise json.Marshal's own bytes (its escapes of <, > and &,
// control characters, U+2028 and U+2029, and bad UTF-8).
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			m, _ := json.Marshal(s) // a string always marshals
			return append(b, m...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// JSONRecords writes an array of the records recs yields, holding a few batches at a time: the
// bytes a json.Encoder indenting by two spaces gives for the whole array (for records with more
// fields than Record, such as --explain's). Each record is still json.MarshalIndent's, but
// batches are marshalled on every core while the next are read and written in their order: a
// national tree's listing is some 170,000 records.
func JSONRecords[T any](w io.Writer, recs iter.Seq[T]) error {
	return jsonRecords(w, recs, func(b []byte, r *T) ([]byte, error) {
		m, err := json.MarshalIndent(r, "  ", "  ")
		return append(b, m...), err
	})
}

// jsonRecords is JSONRecords with each record appended by marshal, in batches (batched).
func jsonRecords[T any](w io.Writer, recs iter.Seq[T], marshal func(b []byte, r *T) ([]byte, error)) error {
	type done struct {
		b   []byte
		err error
	}
	n := 0
	counted := func(yield func(T) bool) {
		for r := range recs {
			n++
			if !yield(r) {
				return
			}
		}
	}
	err := batched(counted, func(first bool, rs []T) done {
		b := make([]byte, 0, 768*len(rs))
		for i := range rs {
			if first && i == 0 {
				b = append(b, "[\n  "...)
			} else {
				b = append(b, ",\n  "...)
			}
			var err error
			if b, err = marshal(b, &rs[i]); err != nil {
				return done{err: err}
			}
		}
		return done{b: b}
	}, func(d done, _ int) error {
		if d.err != nil {
			return d.err
		}
		_, err := w.Write(d.b)
		return err
	})
	if err != nil {
		return err
	}
	end := "\n]\n"
	if n == 0 {
		end = "[]\n"
	}
	_, err = io.WriteString(w, end)
	return err
}

// CSV writes a header and one row per obligation; empty cells for nulls.
func CSV(w io.Writer, items []Item) error { return CSVSeq(w, slices.Values(items)) }

// CSVSeq is CSV of the items in the order items yields them, holding one at a time. It reads
// items twice: first to know whether the limit columns are needed.
func CSVSeq(w io.Writer, items iter.Seq[Item]) error {
	return CSVWith(w, func(yield func(Item, string) bool) {
		for it := range items {
			if !yield(it, "") {
				return
			}
		}
	}, "")
}

// CSVWith is CSVSeq with one more column, named column, last: the text beside each item (for
// --explain). With column "" there is none.
func CSVWith(w io.Writer, items iter.Seq2[Item, string], column string) error {
	cw := safe.NewCSVWriter(w) // every cell inert in a spreadsheet (a case or team named =HYPERLINK(...))
	limited := false
	for it := range items {
		limited = limited || it.Limited
	}
	header := Fields
	if limited {
		header = append(append([]string(nil), Fields...), LimitFields...)
	}
	if column != "" {
		header = append(slices.Clip(header), column)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for it, extra := range items {
		r := ToRecord(it)
		days, wd := "", ""
		if r.Days != nil {
			days, wd = strconv.Itoa(*r.Days), strconv.Itoa(*r.WorkingDays)
		}
		row := []string{r.Case, r.Policy, r.Rule, r.Title, r.Child, str(r.Due), r.Status, str(r.Met), days, str(r.Booked), strconv.FormatBool(r.BookedLate), r.Cite, r.Anchor, r.Team, r.Worker, r.Detail, strconv.Itoa(r.Period), wd}
		if limited {
			lim, over := "", "false"
			if it.Limited && !it.Limit.IsZero() {
				lim = it.Limit.String()
			}
			if it.Limited && it.OverLimit {
				over = "true"
			}
			row = append(row, lim, over)
		}
		if column != "" {
			row = append(row, extra)
		}
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

// StatusText is the status as a person says it: "27 days overdue", "due in 2 days". Its days are
// calendar days, as JSON's days are, in every phrase: one unit beside another (the due table
// counts the unit of its horizon instead, named in its heading; see DaysText).
func StatusText(it Item) string {
	s := statusText(it)
	if it.OverLimit && it.Status != NotEvaluated {
		s += ", past the limit"
	}
	return s
}

func statusText(it Item) string {
	o := it.Obligation
	switch o.Status {
	case engine.Overdue:
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
	case NotEvaluated:
		return "not checked"
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
	y, m, day := d.Civil()
	if y < 1000 || y > 9999 {
		return d.Time().Format("Mon 2 Jan 2006")
	}
	// As time.Format writes "Mon 2 Jan 2006", without parsing the layout: a table prints a few
	// dates on each of its rows.
	b := make([]byte, 0, 16)
	b = append(b, d.Weekday().String()[:3]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, ' ')
	b = append(b, m.String()[:3]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(y), 10)
	return string(b)
}
