package ics

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"unsafe"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/speed"
)

// Record is one entry of a calendar as it waits for its place in the file (in a speed.Spill, so
// that a national calendar is sorted in bounded memory): the event as written, already in words,
// and what Less orders entries by. It holds no render.Item: the words are made once, as the case
// is evaluated, and the case is then dropped.
type Record struct {
	ID        [16]byte   // the UID's hash (UIDOf)
	Day, Due  civil.Date // Due zero: not an event (nothing to put in a calendar), only its UID
	Summary   string
	Text      string
	Category  string
	Cancelled bool

	// What Less orders by, beyond Cancelled and Due.
	Overdue         bool
	Case, Rule, Kid string
	Line            int
	Key             string
	Seq             uint64 // ties: the case's place in path order, then the entry's in its case
}

// RecordOf is entry e of a calendar as of asOf, as a Record; seq breaks ties.
func RecordOf(e Entry, asOf civil.Date, seq uint64) Record {
	r := Record{ID: UIDOf(e.Key), Due: e.Due, Cancelled: e.Cancelled, Overdue: e.Status == engine.Overdue,
		Case: e.Case, Rule: e.Rule, Kid: e.Child, Line: e.Anchor.Line, Key: e.Key, Seq: seq}
	if !e.Due.IsZero() {
		r.Day, r.Summary, r.Text, r.Category = On(e, asOf), Summary(e, asOf), Description(e), Category(e)
	}
	return r
}

// Size is about how many bytes the record takes in memory: its own and its text's (the case's,
// rule's and child's names are shared with the other records of its case).
func (r *Record) Size() int {
	return int(unsafe.Sizeof(*r)) + len(r.Summary) + len(r.Text) + len(r.Key)
}

// IsEvent reports whether the record is written: an entry without a due date is not.
func (r *Record) IsEvent() bool { return !r.Due.IsZero() }

// Event is the record as written.
func (r *Record) Event() Event {
	return Event{UID: UIDText(r.ID), Day: r.Day, Due: r.Due, Summary: r.Summary, Text: r.Text,
		Category: r.Category, Cancelled: r.Cancelled}
}

// UIDOf is the hash UID(key) is written from.
func UIDOf(key string) [16]byte {
	h := sha256.Sum256([]byte(key))
	return [16]byte(h[:16])
}

// UIDText is the UID written for the hash id.
func UIDText(id [16]byte) string {
	return hex.EncodeToString(id[:]) + "@cpcase"
}

// CompareRecords orders records as Less orders their entries, ties by Seq: the order of a stable
// sort of the entries of every case, concatenated in path order, by Less.
func CompareRecords(a, b *Record) int {
	if a.Cancelled != b.Cancelled {
		if !a.Cancelled {
			return -1
		}
		return 1
	}
	if c := engine.CompareUrgency(a.Overdue, a.Due, b.Overdue, b.Due); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(a.Case, b.Case), strings.Compare(a.Rule, b.Rule), strings.Compare(a.Kid, b.Kid),
		cmp.Compare(a.Line, b.Line), strings.Compare(a.Key, b.Key), cmp.Compare(a.Seq, b.Seq))
}

// CompareSeq orders records by Seq alone: the order they were made in, cases in path order.
func CompareSeq(a, b *Record) int { return cmp.Compare(a.Seq, b.Seq) }

// RecordCodec writes records to a Spill's runs and reads them back.
var RecordCodec = speed.Codec[Record]{Encode: encodeRecord, Decode: decodeRecord}

const (
	flagCancelled = 1 << iota
	flagOverdue
)

func encodeRecord(b []byte, r *Record) ([]byte, error) {
	b = append(b, r.ID[:]...)
	var flags byte
	if r.Cancelled {
		flags |= flagCancelled
	}
	if r.Overdue {
		flags |= flagOverdue
	}
	b = append(b, flags)
	b = binary.AppendVarint(b, int64(r.Day))
	b = binary.AppendVarint(b, int64(r.Due))
	b = binary.AppendVarint(b, int64(r.Line))
	b = binary.AppendUvarint(b, r.Seq)
	for _, s := range [...]string{r.Summary, r.Text, r.Category, r.Case, r.Rule, r.Kid, r.Key} {
		b = speed.AppendString(b, s)
	}
	return b, nil
}

func decodeRecord(b []byte) (Record, error) {
	var r Record
	if len(b) < len(r.ID)+1 {
		return r, (&speed.Decoder{Bad: true}).Err()
	}
	copy(r.ID[:], b)
	d := speed.Decoder{B: b[len(r.ID):]}
	flags := d.Byte()
	r.Cancelled, r.Overdue = flags&flagCancelled != 0, flags&flagOverdue != 0
	r.Day, r.Due = civil.Date(d.Varint()), civil.Date(d.Varint())
	r.Line = int(d.Varint())
	r.Seq = d.Uvarint()
	r.Summary, r.Text, r.Category = d.Str(), d.Str(), d.Str()
	r.Case, r.Rule, r.Kid, r.Key = d.Str(), d.Str(), d.Str(), d.Str()
	if len(d.B) != 0 {
		d.Bad = true
	}
	return r, d.Err()
}

// Writer writes one VCALENDAR an event at a time, so that a calendar is written as it is read
// from a Spill instead of held whole. NewWriter writes the header; Close the end.
type Writer struct {
	c       *writer
	todo    bool
	kind    string
	dtstamp string
	seq     string
}

// NewWriter starts a VCALENDAR on w made as o says.
func NewWriter(w io.Writer, o Options) *Writer {
	c := &writer{w: bufio.NewWriter(w)}
	name := o.Name
	if name == "" {
		name = "cpcase: core group obligations"
	}
	c.line("BEGIN", "VCALENDAR")
	c.line("VERSION", "2.0")
	c.line("PRODID", "-//cpcase//cpcase//EN")
	c.line("CALSCALE", "GREGORIAN")
	c.line("METHOD", "PUBLISH")
	c.line("NAME", text(name))
	c.line("X-WR-CALNAME", text(name))
	// For a subscribed file (RFC 7986, and the older name Apple and Outlook's classic client
	// read): look again every hour. Some clients ignore it and keep their own schedule.
	c.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	c.line("X-PUBLISHED-TTL", "PT1H")
	stamp := o.stamp()
	wr := &Writer{c: c, todo: o.Todo, kind: "VEVENT", dtstamp: stamp.Format("20060102T150405Z"), seq: strconv.Itoa(Sequence(stamp))}
	if o.Todo {
		wr.kind = "VTODO"
	}
	return wr
}

// Event writes one component.
func (wr *Writer) Event(e *Event) {
	c, kind := wr.c, wr.kind
	c.line("BEGIN", kind)
	c.line("UID", e.UID)
	c.line("DTSTAMP", wr.dtstamp)
	c.line("SEQUENCE", wr.seq)
	if wr.todo {
		due := e.Due
		if due.IsZero() {
			due = e.Day
		}
		c.line("DUE;VALUE=DATE", date(due))
	} else {
		c.line("DTSTART;VALUE=DATE", date(e.Day))
		c.line("DTEND;VALUE=DATE", date(e.Day.AddDays(1))) // exclusive: one whole day
	}
	c.line("SUMMARY", text(e.Summary))
	c.line("DESCRIPTION", text(e.Text))
	switch {
	case e.Cancelled:
		c.line("STATUS", "CANCELLED")
	case wr.todo:
		c.line("STATUS", "NEEDS-ACTION")
	default:
		c.line("STATUS", "CONFIRMED")
	}
	if !wr.todo {
		// A reminder, not a meeting: it must not block the worker's free/busy time.
		c.line("TRANSP", "TRANSPARENT")
	}
	// Child protection case data: hidden from people the calendar is shared with.
	c.line("CLASS", "CONFIDENTIAL")
	if e.Category != "" {
		c.line("CATEGORIES", text(e.Category))
	}
	if !e.Due.IsZero() {
		// The due date, for scripts: an overdue event is on the as-of date, not on its due date.
		c.line("X-CPCASE-DUE;VALUE=DATE", date(e.Due))
	}
	c.line("END", kind)
}

// Err is the first error writing.
func (wr *Writer) Err() error { return wr.c.err }

// Close ends the VCALENDAR and flushes what is buffered.
func (wr *Writer) Close() error {
	wr.c.line("END", "VCALENDAR")
	if wr.c.err != nil {
		return wr.c.err
	}
	return wr.c.w.Flush()
}

// ParseUID is the hash a UID was written from (UIDText), and whether uid is one.
func ParseUID(uid string) ([16]byte, bool) {
	var id [16]byte
	h, ok := strings.CutSuffix(uid, "@cpcase")
	if !ok || len(h) != 2*len(id) {
		return id, false
	}
	_, err := hex.Decode(id[:], []byte(h))
	return id, err == nil
}
