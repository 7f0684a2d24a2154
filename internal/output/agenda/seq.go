package agenda

import (
	"cmp"
	"encoding/binary"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/output/ics"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
	"github.com/cpcase/cpcase/internal/speed"
)

// This file is the agenda of a national tree in bounded memory: rows and calendar events wait in
// a speed.Spill for their place (in the order Sort gives, to the byte) and are written from its
// merge, one at a time.

// Place is what Sort orders a row by, and Seq its place among rows Sort finds equal: the case's
// place in path order, then the row's in its case (a stable sort of the cases' rows concatenated
// in path order keeps them so).
type Place struct {
	Booked              civil.Date
	Case                string // the row's case: bookings of one day are by case
	Overdue             bool   // the obligation's, as engine.Less orders
	Due                 civil.Date
	ObCase, Rule, Child string // the obligation's ("" for a booking that meets none)
	Line                int    // the line the obligation is counted from
	Seq                 uint64
}

// PlaceOf is where row r goes in the agenda, seq breaking ties.
func PlaceOf(r *Row, seq uint64) Place {
	return Place{Booked: r.Booked, Case: r.Case, Overdue: r.ob.Status == engine.Overdue, Due: r.ob.Due,
		ObCase: r.ob.Case, Rule: r.ob.Rule, Child: r.ob.Child, Line: r.ob.Anchor.Line, Seq: seq}
}

// ComparePlace orders places as Sort orders rows, ties by Seq: bookings by date (of one day by
// case), then the obligations with none; then as engine.Less orders obligations (overdue first,
// by due date with none last, case, rule, child, line).
func ComparePlace(a, b *Place) int {
	if az, bz := a.Booked.IsZero(), b.Booked.IsZero(); az != bz {
		if az {
			return 1
		}
		return -1
	}
	if a.Booked != b.Booked {
		return cmp.Compare(a.Booked, b.Booked)
	}
	if !a.Booked.IsZero() {
		if c := strings.Compare(a.Case, b.Case); c != 0 {
			return c
		}
	}
	if c := engine.CompareUrgency(a.Overdue, a.Due, b.Overdue, b.Due); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(a.ObCase, b.ObCase), strings.Compare(a.Rule, b.Rule), strings.Compare(a.Child, b.Child),
		cmp.Compare(a.Line, b.Line), cmp.Compare(a.Seq, b.Seq))
}

// Placed is a row as it waits for its place in a speed.Spill: what the table, JSON and CSV show
// of it, and where it goes. Of its obligation it holds only what Sort orders by.
type Placed struct {
	Row
	Seq uint64
}

// PlacedOf is row r with its place seq, as the Spill keeps it (PlacedCodec reads back the same).
func PlacedOf(r Row, seq uint64) Placed {
	r.ob = engine.Obligation{Case: r.ob.Case, Rule: r.ob.Rule, Child: r.ob.Child, Due: r.ob.Due, Status: r.ob.Status,
		Anchor: casefolder.Pos{Line: r.ob.Anchor.Line}}
	r.Key = ""
	return Placed{Row: r, Seq: seq}
}

// ComparePlaced orders rows as Sort does, ties by Seq.
func ComparePlaced(a, b *Placed) int {
	pa, pb := PlaceOf(&a.Row, a.Seq), PlaceOf(&b.Row, b.Seq)
	return ComparePlace(&pa, &pb)
}

// Size is about how many bytes the row takes in memory: its own and the text it alone holds
// (the case's names and the policy's words are shared with other rows).
func (p *Placed) Size() int {
	return int(unsafe.Sizeof(*p)) + len(p.Detail) + len(p.ChildLabel) + len(p.Chair)
}

// PlacedCodec writes rows to a Spill's runs and reads them back.
var PlacedCodec = speed.Codec[Placed]{Encode: encodePlaced, Decode: decodePlaced}

const (
	flagLate   = 1 << iota
	flagObCase // the obligation's case is the row's
)

func encodePlaced(b []byte, p *Placed) ([]byte, error) {
	r := &p.Row
	var flags byte
	if r.Late {
		flags |= flagLate
	}
	if r.ob.Case == r.Case {
		flags |= flagObCase
	}
	b = append(b, flags)
	for _, d := range [...]civil.Date{r.Booked, r.Moved, r.Due, r.ob.Due} {
		b = binary.AppendVarint(b, int64(d))
	}
	b = binary.AppendVarint(b, int64(r.ob.Anchor.Line))
	b = binary.AppendUvarint(b, p.Seq)
	for _, s := range [...]string{r.Case, r.Team, r.Worker, r.Meeting, r.Chair, r.Rule, r.Title, r.Cite, r.Child, r.ChildLabel,
		r.Detail, string(r.Status), r.ob.Rule, r.ob.Child, string(r.ob.Status)} {
		b = speed.AppendString(b, s)
	}
	if flags&flagObCase == 0 {
		b = speed.AppendString(b, r.ob.Case)
	}
	return b, nil
}

func decodePlaced(b []byte) (Placed, error) {
	var p Placed
	r := &p.Row
	d := speed.Decoder{B: b}
	flags := d.Byte()
	r.Late = flags&flagLate != 0
	r.Booked, r.Moved, r.Due, r.ob.Due = civil.Date(d.Varint()), civil.Date(d.Varint()), civil.Date(d.Varint()), civil.Date(d.Varint())
	r.ob.Anchor.Line = int(d.Varint())
	p.Seq = d.Uvarint()
	r.Case, r.Team, r.Worker, r.Meeting, r.Chair = d.Str(), d.Str(), d.Str(), d.Str(), d.Str()
	r.Rule, r.Title, r.Cite, r.Child, r.ChildLabel, r.Detail = d.Str(), d.Str(), d.Str(), d.Str(), d.Str(), d.Str()
	r.Status = engine.Status(d.Str())
	r.ob.Rule, r.ob.Child, r.ob.Status = d.Str(), d.Str(), engine.Status(d.Str())
	if flags&flagObCase != 0 {
		r.ob.Case = r.Case
	} else {
		r.ob.Case = d.Str()
	}
	if len(d.B) != 0 {
		d.Bad = true
	}
	return p, d.Err()
}

// Counts are the line under the table: how many bookings, how many of them after the due date,
// how many obligations with none.
type Counts struct{ Booked, Late, Unbooked int }

// Count counts row r.
func (c *Counts) Count(r *Row) {
	switch {
	case r.Booked.IsZero():
		c.Unbooked++
	case r.Late:
		c.Late++
		c.Booked++
	default:
		c.Booked++
	}
}

// Rows is how many rows were counted.
func (c Counts) Rows() int { return c.Booked + c.Unbooked }

// Add is c and d together.
func (c Counts) Add(d Counts) Counts {
	return Counts{c.Booked + d.Booked, c.Late + d.Late, c.Unbooked + d.Unbooked}
}

// Header is the table's header.
var Header = []string{"Booked", "Case", "Meeting", "Chair", "Would meet", "Child", "Due", "Note"}

// Cells are row r's cells in the table.
func Cells(r *Row, asOf civil.Date) []string {
	booked := "not booked"
	if !r.Booked.IsZero() {
		booked = render.DateText(r.Booked)
	}
	return []string{booked, r.Case, r.Meeting, r.Chair, obligationText(*r), childOf(*r), render.DateText(r.Due), Note(*r, asOf)}
}

// Color is the colour of row r's cell in column col on a terminal ("" none): the note of an
// overdue obligation with no booking red, of any other with none or booked late yellow.
func Color(r *Row, col int) string {
	switch {
	case col == 7 && r.Booked.IsZero() && r.Status == engine.Overdue:
		return "1;31"
	case col == 7 && (r.Booked.IsZero() || r.Late):
		return "33"
	}
	return ""
}

// JSONSeq writes the rows rows yields as JSON holds them: the bytes JSON gives, one row at a time.
func JSONSeq(w interface{ Write([]byte) (int, error) }, rows iter.Seq[*Row]) error {
	return render.JSONRecords(w, func(yield func(Record) bool) {
		for r := range rows {
			if !yield(ToRecord(*r)) {
				return
			}
		}
	})
}

// CSVSeq writes the rows rows yields as CSV does, one at a time.
func CSVSeq(w interface{ Write([]byte) (int, error) }, rows iter.Seq[*Row]) error {
	cw := safe.NewCSVWriter(w) // every cell inert in a spreadsheet
	if err := cw.Write(Fields); err != nil {
		return err
	}
	for r := range rows {
		x := ToRecord(*r)
		if err := cw.Write([]string{x.Case, x.Team, x.Worker, str(x.Booked), x.Meeting, x.Chair, str(x.MovedFrom), x.Rule, x.Title,
			x.Child, x.Detail, str(x.Due), x.Status, strconv.FormatBool(x.BookedLate), x.Cite}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Event is an event of the agenda calendar as it waits for its place in the file in a
// speed.Spill: the event as written, and the place of the row it is made of (a booking's first
// row), every cancellation after the events that are not.
type Event struct {
	ics.Record
	At Place
}

// CompareEvents orders events as the calendar lists them: what is to do by its rows' place, then
// the cancellations by theirs.
func CompareEvents(a, b *Event) int {
	if a.Cancelled != b.Cancelled {
		if !a.Cancelled {
			return -1
		}
		return 1
	}
	return ComparePlace(&a.At, &b.At)
}

// Size is about how many bytes the event takes in memory.
func (e *Event) Size() int {
	return int(unsafe.Sizeof(*e)) + len(e.Summary) + len(e.Text)
}

// EventCodec writes events to a Spill's runs and reads them back.
var EventCodec = speed.Codec[Event]{Encode: encodeEvent, Decode: decodeEvent}

func encodeEvent(b []byte, e *Event) ([]byte, error) {
	a := &e.At
	var flags byte
	if a.Overdue {
		flags |= 1
	}
	b = append(b, flags)
	b = binary.AppendVarint(b, int64(a.Booked))
	b = binary.AppendVarint(b, int64(a.Due))
	b = binary.AppendVarint(b, int64(a.Line))
	b = binary.AppendUvarint(b, a.Seq)
	for _, s := range [...]string{a.Case, a.ObCase, a.Rule, a.Child} {
		b = speed.AppendString(b, s)
	}
	return ics.RecordCodec.Encode(b, &e.Record)
}

func decodeEvent(b []byte) (Event, error) {
	var e Event
	a := &e.At
	d := speed.Decoder{B: b}
	a.Overdue = d.Byte()&1 != 0
	a.Booked, a.Due = civil.Date(d.Varint()), civil.Date(d.Varint())
	a.Line = int(d.Varint())
	a.Seq = d.Uvarint()
	a.Case, a.ObCase, a.Rule, a.Child = d.Str(), d.Str(), d.Str(), d.Str()
	if d.Bad {
		return e, d.Err()
	}
	var err error
	e.Record, err = ics.RecordCodec.Decode(d.B)
	return e, err
}

// CaseEvents are the calendar events of one case's rows and closed rows (as Case gives them,
// labelled, in any order), each at its place in the agenda calendar (seq(i): the place of rows[i]
// among equals, and of closed[i]): as Events writes them, a booking's rows in one event.
func CaseEvents(rows, closed []Row, asOf civil.Date, seq func(i int) uint64) []Event {
	var out []Event
	sorted, at := placed(rows, seq)
	groups(sorted, func(i, j int) {
		out = append(out, Event{Record: record(event(sorted[i:j], asOf)), At: at[i]})
	})
	sorted, at = placed(closed, seq)
	for i := range sorted {
		if e, ok := closedEvent(sorted[i], asOf); ok {
			out = append(out, Event{Record: record(e), At: at[i]})
		}
	}
	return out
}

// placed is rows in Sort order, and their places.
func placed(rows []Row, seq func(int) uint64) ([]Row, []Place) {
	at := make([]Place, len(rows))
	idx := make([]int, len(rows))
	for i := range rows {
		at[i], idx[i] = PlaceOf(&rows[i], seq(i)), i
	}
	slices.SortFunc(idx, func(i, j int) int { return ComparePlace(&at[i], &at[j]) })
	sorted, sortedAt := make([]Row, len(rows)), make([]Place, len(rows))
	for k, i := range idx {
		sorted[k], sortedAt[k] = rows[i], at[i]
	}
	return sorted, sortedAt
}

// record is event e as a calendar record.
func record(e ics.Event) ics.Record {
	id, _ := ics.ParseUID(e.UID)
	return ics.Record{ID: id, Day: e.Day, Due: e.Due, Summary: e.Summary, Text: e.Text, Category: e.Category, Cancelled: e.Cancelled}
}
