package agenda

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/track"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/ics"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Record is the stable JSON and CSV shape of a row.
type Record struct {
	Case       string  `json:"case"`
	Team       string  `json:"team"`
	Worker     string  `json:"worker"`
	Booked     *string `json:"booked"`
	Meeting    string  `json:"meeting"`
	Chair      string  `json:"chair"`
	MovedFrom  *string `json:"moved_from"`
	Rule       string  `json:"rule"`
	Title      string  `json:"title"`
	Child      string  `json:"child"`
	Detail     string  `json:"detail"`
	Due        *string `json:"due"`
	Status     string  `json:"status"`
	BookedLate bool    `json:"booked_late"`
	Cite       string  `json:"cite"`
}

// Fields are the CSV columns, in order.
var Fields = []string{"case", "team", "worker", "booked", "meeting", "chair", "moved_from", "rule", "title", "child", "detail", "due", "status", "booked_late", "cite"}

func datePtr(d civil.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ToRecord is the stable shape of a row.
func ToRecord(r Row) Record {
	return Record{Case: r.Case, Team: r.Team, Worker: r.Worker, Booked: datePtr(r.Booked), Meeting: r.Meeting, Chair: r.Chair,
		MovedFrom: datePtr(r.Moved), Rule: r.Rule, Title: r.Title, Child: r.Child, Detail: r.Detail, Due: datePtr(r.Due),
		Status: string(r.Status), BookedLate: r.Late, Cite: r.Cite}
}

// JSON writes the rows as an array of records (an empty array when there are none).
func JSON(w io.Writer, rows []Row) error {
	recs := make([]Record, len(rows))
	for i, r := range rows {
		recs[i] = ToRecord(r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(recs)
}

// CSV writes a header and one line per row; empty cells for nulls.
func CSV(w io.Writer, rows []Row) error {
	cw := safe.NewCSVWriter(w) // every cell inert in a spreadsheet
	if err := cw.Write(Fields); err != nil {
		return err
	}
	for _, r := range rows {
		x := ToRecord(r)
		if err := cw.Write([]string{x.Case, x.Team, x.Worker, str(x.Booked), x.Meeting, x.Chair, str(x.MovedFrom), x.Rule, x.Title,
			x.Child, x.Detail, str(x.Due), x.Status, strconv.FormatBool(x.BookedLate), x.Cite}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// childOf is the row's child as written: its label (a name or initials) when the caller set one,
// else its id.
func childOf(r Row) string {
	if r.ChildLabel != "" {
		return r.ChildLabel
	}
	return r.Child
}

// obligationText is what the row's obligation is: its title, and what it is about when the title
// does not say.
func obligationText(r Row) string {
	if r.Rule == "" {
		return ""
	}
	if r.Detail != "" && r.Child == "" {
		return r.Title + " (" + r.Detail + ")"
	}
	return r.Title
}

// Note says what needs doing about a row, in words.
func Note(r Row, asOf civil.Date) string {
	var notes []string
	switch {
	case r.Booked.IsZero() && r.Status == engine.Overdue:
		notes = append(notes, "overdue by "+days(asOf.Sub(r.Due))+", not booked")
	case r.Booked.IsZero():
		notes = append(notes, "not booked")
	case r.Rule == "":
		notes = append(notes, "meets no obligation yet")
	case r.Late:
		notes = append(notes, "booked after the due date")
	}
	if !r.Moved.IsZero() {
		notes = append(notes, "moved from "+render.DateText(r.Moved))
	}
	return strings.Join(notes, "; ")
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// Table is the table `cpcase agenda` prints.
func Table(rows []Row, asOf civil.Date) render.Table {
	t := render.Table{Header: Header}
	for i := range rows {
		t.Rows = append(t.Rows, Cells(&rows[i], asOf))
	}
	t.Color = func(row, col int) string { return Color(&rows[row], col) }
	return t
}

// ICS writes the agenda as a calendar: one all-day event per booking on its date, listing the
// obligations it would meet; one per obligation with no booking, on its due date (an overdue one
// on the as-of date); and, as cancellations, the obligations in closed (track.Closed: met, missed
// or dropped lately) so that a re-import removes them. An event keeps the UID of the first
// obligation it is for, so that an obligation keeps its event when it is booked or its booking
// moves. notChecked (ics.NotChecked) come first: cases whose bookings cannot be known.
func ICS(w io.Writer, rows []Row, closed []Row, o ics.Options, notChecked ...ics.Event) error {
	if o.Name == "" {
		o.Name = CalendarName
	}
	return ics.WriteEvents(w, append(notChecked, Events(rows, closed, o.AsOf)...), o)
}

// CalendarName is the agenda calendar's name.
const CalendarName = "cpcase: agenda"

// Events are the events ICS writes of rows (sorted by Sort) and closed.
func Events(rows []Row, closed []Row, asOf civil.Date) []ics.Event {
	var events []ics.Event
	groups(rows, func(i, j int) { events = append(events, event(rows[i:j], asOf)) })
	for _, r := range closed {
		if e, ok := closedEvent(r, asOf); ok {
			events = append(events, e)
		}
	}
	return events
}

// groups calls f with each run rows[i:j] of rows (sorted by Sort) that is one event: a booking's
// rows (one case, day and meeting), or one obligation with no booking.
func groups(rows []Row, f func(i, j int)) {
	for i := 0; i < len(rows); {
		r := rows[i]
		j := i + 1
		if !r.Booked.IsZero() {
			for j < len(rows) && rows[j].Case == r.Case && rows[j].Booked == r.Booked && rows[j].Meeting == r.Meeting {
				j++
			}
		}
		f(i, j)
		i = j
	}
}

// closedEvent is the cancellation of closed row r, when it has a due date.
func closedEvent(r Row, asOf civil.Date) (ics.Event, bool) {
	if r.Due.IsZero() {
		return ics.Event{}, false
	}
	e := ics.Entry{Item: render.Item{Obligation: r.ob, ChildLabel: childOf(r)}, Key: r.Key, Cancelled: true}
	return ics.Event{UID: uid(r), Day: r.Due, Due: r.Due, Summary: ics.Summary(e, asOf),
		Text: ics.Description(e), Category: ics.Category(e), Cancelled: true}, true
}

func uid(r Row) string { return ics.UID("agenda\x00" + r.Key) }

// event is the calendar event of one booking's rows, or of one unbooked obligation.
func event(rows []Row, asOf civil.Date) ics.Event {
	r := rows[0]
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	ev := ics.Event{UID: uid(r), Due: r.Due, Category: "booked"}
	who := r.Case
	if c := childOf(r); c != "" && len(rows) == 1 {
		who += " " + c
	}
	if r.Booked.IsZero() {
		ev.Day, ev.Category = r.Due, "not booked"
		if r.Status == engine.Overdue && asOf > r.Due {
			ev.Day = asOf
		}
		ev.Summary = "Not booked: " + who + ": " + obligationText(r) + ", due " + render.DateText(r.Due)
		line("Status", Note(r, asOf))
	} else {
		ev.Day = r.Booked
		ev.Summary = who + ": " + r.Meeting
		late := false
		for _, x := range rows {
			late = late || x.Late
		}
		if late {
			ev.Summary += " (booked after the due date)"
			ev.Category = "booked late"
		}
		line("Booked", render.DateText(r.Booked)+", "+r.Meeting)
		line("Chair", r.Chair)
		if !r.Moved.IsZero() {
			line("Moved from", render.DateText(r.Moved))
		}
	}
	for _, x := range rows {
		if x.Rule == "" {
			line("Would meet", "no obligation yet")
			continue
		}
		what := obligationText(x)
		if c := childOf(x); c != "" {
			what += " (" + c + ")"
		}
		what += ", due " + render.DateText(x.Due)
		if x.Late {
			what += ": booked after it"
		}
		line("Would meet", what)
		line("Rule", x.Rule)
		line("Citation", x.Cite)
	}
	line("Team", r.Team)
	ev.Text = strings.TrimSuffix(b.String(), "\n")
	return ev
}

// ClosedRows are the rows of obligations closed lately, for the calendar's cancellations: only
// those a booking could meet, as Rows keeps.
func ClosedRows(p *policy.Policy, anchors track.Anchors, closed []engine.Obligation) []Row {
	var out []Row
	for _, ob := range closed {
		if bookable(p.Rule(ob.Rule)) {
			out = append(out, Row{Case: ob.Case, Team: ob.Team, Worker: ob.Worker, Rule: ob.Rule, Title: ob.Title, Cite: ob.Cite,
				Child: ob.Child, Detail: ob.Detail, Due: ob.Due, Status: ob.Status, Key: anchors.Key(ob), ob: ob})
		}
	}
	return out
}
