package render

// iCalendar (RFC 5545) export of obligations for Outlook, Google Calendar and the like.
//
// The writer is here rather than a library's: the iCalendar packages for Go (golang-ical among
// them) import net/http to fetch calendars from URLs, and cpcase links no networking code (see
// TestOfflineByConstruction). What is written is small and fixed (all-day dates, a few TEXT
// values), and the tests parse every line of it back with golang-ical's parser.

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
)

// ICSOptions say how a calendar is written.
type ICSOptions struct {
	AsOf civil.Date // DTSTAMP is this date at 00:00:00Z, so the same run gives the same bytes
	Todo bool       // VTODO (tasks) instead of all-day VEVENTs
}

// InCalendar reports whether an obligation belongs in a calendar: it has a due date and is still
// to do. Met, late and missed ones are history; waiting and no-timescale ones have no date.
func InCalendar(o engine.Obligation) bool {
	if o.Due.IsZero() {
		return false
	}
	switch o.Status {
	case engine.Overdue, engine.Due, engine.Open:
		return true
	}
	return false
}

// ICS writes the items that InCalendar keeps as one VCALENDAR, in the order given.
func ICS(w io.Writer, items []Item, o ICSOptions) error {
	c := &icsWriter{w: bufio.NewWriter(w)}
	c.line("BEGIN", "VCALENDAR")
	c.line("VERSION", "2.0")
	c.line("PRODID", "-//cpcase//cpcase due//EN")
	c.line("CALSCALE", "GREGORIAN")
	c.line("METHOD", "PUBLISH")
	c.line("NAME", icsText("cpcase: core group obligations"))
	c.line("X-WR-CALNAME", icsText("cpcase: core group obligations"))
	stamp := icsDate(o.AsOf) + "T000000Z"
	for _, it := range items {
		ob := it.Obligation
		if !InCalendar(ob) {
			continue
		}
		kind := "VEVENT"
		if o.Todo {
			kind = "VTODO"
		}
		c.line("BEGIN", kind)
		c.line("UID", UID(ob))
		c.line("DTSTAMP", stamp)
		if o.Todo {
			c.line("DUE;VALUE=DATE", icsDate(ob.Due))
		} else {
			c.line("DTSTART;VALUE=DATE", icsDate(ob.Due))
			c.line("DTEND;VALUE=DATE", icsDate(ob.Due.AddDays(1))) // exclusive: one whole day
		}
		c.line("SUMMARY", icsText(ICSSummary(it)))
		c.line("DESCRIPTION", icsText(icsDescription(it)))
		if o.Todo {
			c.line("STATUS", "NEEDS-ACTION")
		} else {
			// A reminder, not a meeting: it must not block the worker's free/busy time.
			c.line("TRANSP", "TRANSPARENT")
		}
		// Child protection case data: hidden from people the calendar is shared with.
		c.line("CLASS", "CONFIDENTIAL")
		c.line("CATEGORIES", icsText(string(ob.Status)))
		c.line("END", kind)
	}
	c.line("END", "VCALENDAR")
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}

type icsWriter struct {
	w   *bufio.Writer
	err error
}

// line writes one content line, folded as RFC 5545 3.1 says: no line longer than 75 octets
// before its CRLF, continuation lines start with a space, and a UTF-8 character is never split.
func (c *icsWriter) line(name, value string) {
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

// icsText escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline are
// escaped; other control characters, which TEXT may not hold, become spaces.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// icsDate is a DATE value: 20261027.
func icsDate(d civil.Date) string {
	y, m, day := d.Civil()
	return fmt.Sprintf("%04d%02d%02d", y, int(m), day)
}

// UID identifies an obligation across runs: the same case, rule, child, anchor and plan period
// give the same UID whatever its due date or status, so re-importing the calendar updates events
// instead of adding copies. The anchor is its file within the case folder and its line, so the
// path typed on the command line does not matter.
func UID(o engine.Obligation) string {
	anchor := ""
	if o.Anchor.File != "" {
		anchor = filepath.Base(o.Anchor.File) + ":" + strconv.Itoa(o.Anchor.Line)
	}
	h := sha256.New()
	for _, s := range []string{o.Case, o.Rule, o.Child, anchor, strconv.Itoa(o.Period)} {
		h.Write([]byte(s))
		h.Write([]byte{0}) // separator: ("ab","c") and ("a","bc") must differ
	}
	return hex.EncodeToString(h.Sum(nil)[:16]) + "@cpcase"
}

// ICSSummary is the one line a calendar shows: "<case> <child>: <title>", with what the
// obligation is about when the title does not say.
func ICSSummary(it Item) string {
	o := it.Obligation
	s := o.Case
	if it.ChildLabel != "" {
		s += " " + it.ChildLabel
	}
	s += ": " + o.Title
	if o.Detail != "" && o.Child == "" {
		s += " (" + o.Detail + ")"
	}
	return s
}

func icsDescription(it Item) string {
	o := it.Obligation
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line("Status", StatusText(it))
	line("Due", DateText(o.Due))
	if !o.Booked.IsZero() {
		booked := DateText(o.Booked)
		if o.BookedLate {
			booked += " (after the due date: a foreseeable breach)"
		}
		line("Booked", booked)
	}
	line("Rule", o.Rule)
	line("Citation", o.Cite)
	line("Policy", o.Policy)
	if o.Anchor.File != "" {
		line("Anchor", Portable(o.Anchor))
	}
	line("Team", o.Team)
	return strings.TrimSuffix(b.String(), "\n")
}
