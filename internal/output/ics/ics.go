// Package ics writes obligations as an iCalendar (RFC 5545) file for Outlook, Google Calendar,
// Apple Calendar and Thunderbird, made to be imported again and again over its own earlier
// copies: each obligation keeps its UID for as long as it exists, SEQUENCE grows with every file,
// and what was met or dropped lately comes again as a cancelled event, so that the calendar
// converges on what is still to do (docs/calendar-export.md).
//
// The writer is here rather than a library's: the iCalendar packages for Go (golang-ical among
// them) import net/http to fetch calendars from URLs, and cpcase links no networking code (see
// TestOfflineByConstruction). What is written is small and fixed (all-day dates, a few TEXT
// values), and the tests parse every line of it back with golang-ical's parser.
package ics

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/track"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Entry is one component of the calendar: an obligation with the words a person reads beside it,
// its key (track.Anchors.Key: what the UID is made from) and whether it is a cancellation.
type Entry struct {
	render.Item
	Key string
	// Cancelled: the obligation was still to do lately and is not now (met, missed, dropped);
	// the entry tells a calendar that imported it before to remove it.
	Cancelled bool
}

// Options say how a calendar is written.
type Options struct {
	AsOf civil.Date
	// Stamp is when the file was made: DTSTAMP, and SEQUENCE is counted from it. Zero: AsOf at
	// 00:00:00Z, so that the same run gives the same bytes.
	Stamp time.Time
	Todo  bool   // VTODO (tasks) instead of all-day VEVENTs
	Name  string // the calendar's name (default "cpcase: core group obligations")
}

// sequenceEpoch is where SEQUENCE counts from.
var sequenceEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Sequence is the SEQUENCE of every component of a file made at stamp: the whole minutes since
// 2000-01-01T00:00Z. It keeps no state and only grows, so a file made later always supersedes an
// earlier one in a client that compares SEQUENCE (RFC 5545 3.8.7.4), whether or not an event
// changed; it stays within the 31-bit integer RFC 5545 allows until the year 6000 (and is 0 for
// a stamp before 2000, since SEQUENCE is never negative).
func Sequence(stamp time.Time) int {
	return int(max(0, (stamp.Unix()-sequenceEpoch.Unix())/60)) // not Sub: a Duration saturates at 292 years
}

func (o Options) stamp() time.Time {
	if o.Stamp.IsZero() {
		return o.AsOf.Time().UTC()
	}
	return o.Stamp.UTC().Truncate(time.Second)
}

// Event is one component as written: what the calendar shows, already in words.
type Event struct {
	UID       string
	Day       civil.Date // the all-day event's date
	Due       civil.Date // the due date (a task's DUE; X-CPCASE-DUE)
	Summary   string
	Text      string // DESCRIPTION
	Category  string
	Cancelled bool
}

// Write writes the entries as one VCALENDAR, in the order given; entries without a due date
// are left out.
func Write(w io.Writer, entries []Entry, o Options) error {
	return WriteEvents(w, Events(entries, o.AsOf), o)
}

// Events are the entries as written, in the order given; entries without a due date are left
// out.
func Events(entries []Entry, asOf civil.Date) []Event {
	events := make([]Event, 0, len(entries))
	for _, e := range entries {
		if e.Due.IsZero() {
			continue // nothing to put in a calendar
		}
		events = append(events, Event{UID: UID(e.Key), Day: On(e, asOf), Due: e.Due, Summary: Summary(e, asOf),
			Text: Description(e), Category: Category(e), Cancelled: e.Cancelled})
	}
	return events
}

// WriteEvents writes events as one VCALENDAR, in the order given.
func WriteEvents(w io.Writer, events []Event, o Options) error {
	wr := NewWriter(w, o)
	for i := range events {
		wr.Event(&events[i])
	}
	return wr.Close()
}

// On is the day an entry's event is on: its due date, except that an overdue obligation is on
// the as-of date, so that "this week" shows it; its due date is then in its title and text.
func On(e Entry, asOf civil.Date) civil.Date {
	if !e.Cancelled && e.Status == engine.Overdue && asOf > e.Due {
		return asOf
	}
	return e.Due
}

// Category is the event's category, for colouring: the status (overdue, due, open), or for a
// cancellation met, late, missed, or dropped.
func Category(e Entry) string {
	if e.Cancelled && (e.Status == engine.Overdue || e.Status == engine.Due || e.Status == engine.Open) {
		return "dropped"
	}
	return string(e.Status)
}

// UID is the calendar identifier of the obligation with that key (track.Anchors.Key): a hash, so
// that no name or date in the key is shown by it.
func UID(key string) string {
	return UIDText(UIDOf(key))
}

// Summary is the one line a calendar shows: "<case> <child>: <title>", with what the obligation
// is about when the title does not say; an overdue one starts "Overdue (due 12 Nov)", and a
// cancellation says why.
func Summary(e Entry, asOf civil.Date) string {
	o := e.Obligation
	s := o.Case
	if e.ChildLabel != "" {
		s += " " + e.ChildLabel
	}
	s += ": " + o.Title
	if o.Detail != "" && o.Child == "" {
		s += " (" + o.Detail + ")"
	}
	switch {
	case e.Cancelled:
		switch o.Status {
		case engine.Met, engine.Late:
			return "Done: " + s
		case engine.Missed:
			return "Missed: " + s
		}
		return "No longer due: " + s
	case o.Status == engine.Overdue && asOf > o.Due:
		return "Overdue (due " + shortDate(o.Due, asOf) + "): " + s
	}
	return s
}

// shortDate is "12 Nov", or "12 Nov 2025" in another year than the as-of date.
func shortDate(d, asOf civil.Date) string {
	if d.Year() == asOf.Year() {
		return d.Time().Format("2 Jan")
	}
	return d.Time().Format("2 Jan 2006")
}

// Description is the event's text: the status in words, the due date, the booking, the rule
// and where the obligation is counted from (the file within the case folder and its line).
func Description(e Entry) string {
	o := e.Obligation
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	status := render.StatusText(e.Item)
	if e.Cancelled {
		switch o.Status {
		case engine.Met, engine.Late:
			status += " " + render.DateText(o.Met) + ": no longer to do"
		case engine.Missed:
			status += " when the plan ended " + render.DateText(o.End) + ": no longer to do"
		default:
			status = "no longer due: the plan ended, or the record it was counted from was changed or removed"
		}
	}
	line("Status", status)
	line("Due", render.DateText(o.Due))
	if !o.Booked.IsZero() && !e.Cancelled {
		booked := render.DateText(o.Booked)
		if o.BookedLate {
			booked += " (after the due date: a foreseeable breach)"
		}
		line("Booked", booked)
	}
	line("Rule", o.Rule)
	line("Citation", o.Cite)
	line("Policy", o.Policy)
	if o.Anchor.File != "" {
		// The file within the case folder, never the folder: folders are often named after families.
		line("Counted from", anchorText(o))
	}
	line("Team", o.Team)
	return strings.TrimSuffix(b.String(), "\n")
}

func anchorText(o engine.Obligation) string {
	f := o.Anchor.File
	if i := strings.LastIndexAny(f, `/\`); i >= 0 {
		f = f[i+1:]
	}
	if o.Anchor.Line == 0 {
		return f
	}
	return f + " line " + strconv.Itoa(o.Anchor.Line)
}

type writer struct {
	w   *bufio.Writer
	err error
}

// line writes one content line, folded as RFC 5545 3.1 says: no line longer than 75 octets
// before its CRLF, continuation lines start with a space, and a UTF-8 character is never split.
func (c *writer) line(name, value string) {
	if c.err != nil {
		return
	}
	s := name + ":" + value
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		c.w.WriteString(s[:cut])
		c.w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	_, c.err = c.w.WriteString(s + "\r\n")
}

// text escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline are
// escaped. Before that, what a calendar would obey or that would hide or reorder the text (other
// control characters, C1 controls, bidirectional overrides: anyone who writes a case file chooses
// these bytes) is written as a visible escape (\x01, \u202e), as on a terminal (safe.TermLines).
func text(s string) string {
	s = safe.TermLines(strings.ReplaceAll(s, "\r\n", "\n"))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// date is a DATE value: 20261027.
func date(d civil.Date) string {
	y, m, day := d.Civil()
	return fmt.Sprintf("%04d%02d%02d", y, int(m), day)
}

// Entries are the calendar entries of one case: its open obligations, then the closed ones as
// cancellations. item gives the words beside an obligation (the child's label, working days).
func Entries(cal track.Calendar, item func(engine.Obligation) render.Item) []Entry {
	out := make([]Entry, 0, len(cal.Open)+len(cal.Closed))
	for _, o := range cal.Open {
		out = append(out, Entry{Item: item(o), Key: cal.Anchors.Key(o)})
	}
	for _, o := range cal.Closed {
		out = append(out, Entry{Item: item(o), Key: cal.Anchors.Key(o), Cancelled: true})
	}
	return out
}

// Less orders entries as the calendar lists them: what is to do first, as `cpcase due` orders
// it, then the cancellations in the same order.
func Less(a, b Entry) bool {
	if a.Cancelled != b.Cancelled {
		return !a.Cancelled
	}
	if engine.Less(a.Obligation, b.Obligation) {
		return true
	}
	if engine.Less(b.Obligation, a.Obligation) {
		return false
	}
	return a.Key < b.Key
}
