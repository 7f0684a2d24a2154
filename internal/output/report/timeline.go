package report

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/render"
)

// Timeline is the geometry of one case's SVG, worked out here so that the template only prints
// numbers and words.
type Timeline struct {
	Width, Height int
	X0, X1        int // the plot area, between the lane labels and the right margin
	Top, Bottom   int // the lanes run from Top to Bottom
	Ticks         []Tick
	Lanes         []Lane
	Marks         []Mark
	Today         float64
	TodayLabel    string
	HorizonX      float64 // the end of the "due soon" band, 0 when not drawn
	Divider       int     // y of the line between what happened and what was due
	Start, End    civil.Date
	Hidden        int // marks outside the drawn range, not drawn
	Title         string
}

// Tick is a month boundary on the axis.
type Tick struct {
	X     float64
	Label string // empty when the month is not labelled (too little room)
}

// Lane is a labelled row.
type Lane struct {
	Y     int // top edge
	Mid   int // centre line, where marks sit
	Label string
	Full  string // the whole label, as a tooltip, when Label is shortened
	Shade bool
}

// Mark is one thing drawn in a lane: a shape at (X, Y), a line along the lane for a span of
// time (late: due to met; overdue: due to today; missed: due to the plan's end), a booking, and a
// tooltip. Events carry data-kind and data-date, obligations data-status, data-rule and data-due,
// so that tests (and anyone with a browser's inspector) can read the drawing back.
type Mark struct {
	Class         string // CSS class: the kind of event, or ob and the status
	D             string // SVG path of the shape
	X, Y          float64
	Title         string // tooltip
	Text          string // a word drawn beside the shape (conferences)
	TextX, TextY  float64
	Line          bool
	LX1, LX2, LY  float64
	LineClass     string
	BookedD       string // a small ring on the booked date of an obligation
	BookedX       float64
	BookedLate    bool
	BookedTitle   string
	KindAttr      string
	EventDateAttr string
	StatusAttr    string
	RuleAttr      string
	DueAttr       string
}

// Layout constants, in SVG user units (the SVG scales to the page width).
const (
	tlWidth   = 1000
	tlX0      = 210
	tlRight   = 16
	tlTop     = 26
	tlLane    = 22
	tlFoot    = 22
	markR     = 5.5
	visitR    = 3.5
	maxPast   = 18 // months drawn before the as-of date
	maxFuture = 12 // months drawn after it
)

// RuleLabel is the short name of a rule for a lane or a list: the policy's label, else the
// rule's title.
func RuleLabel(label, title string) string {
	if label != "" {
		return label
	}
	return title
}

// NewTimeline lays out one case's timeline as of asOf, with the "due soon" band up to
// horizonEnd (zero: no band).
func NewTimeline(c *Case, asOf, horizonEnd civil.Date) *Timeline {
	t := &Timeline{Width: tlWidth, X0: tlX0, X1: tlWidth - tlRight, Title: "Timeline of " + c.Ref}
	t.Start, t.End = span(c, asOf, horizonEnd)
	x := func(d civil.Date) float64 {
		return round1(float64(t.X0) + float64(d.Sub(t.Start))*float64(t.X1-t.X0)/float64(t.End.Sub(t.Start)))
	}
	in := func(d civil.Date) bool { return d >= t.Start && d <= t.End }
	clampX := func(d civil.Date) float64 { return x(max(t.Start, min(t.End, d))) }
	t.Ticks = ticks(t.Start, t.End, x)
	t.Today = x(asOf)
	t.TodayLabel = "as of " + render.DateText(asOf)
	if !horizonEnd.IsZero() && horizonEnd > asOf {
		t.HorizonX = clampX(horizonEnd)
	}

	// Lanes: what happened first, then one lane per rule (and child), in the policy's order.
	lane := map[string]int{}
	addLane := func(key, label string) int {
		if i, ok := lane[key]; ok {
			return i
		}
		i := len(t.Lanes)
		lane[key] = i
		y := tlTop + i*tlLane
		l := Lane{Y: y, Mid: y + tlLane/2, Label: label, Shade: i%2 == 0}
		if utf8.RuneCountInString(label) > 30 {
			l.Full = label
			l.Label = string([]rune(label)[:29]) + "…"
		}
		t.Lanes = append(t.Lanes, l)
		return i
	}
	addLane(string(Conference), "Conferences")
	addLane(string(CoreGroup), "Core groups")
	for _, e := range c.Events {
		if e.Kind == Meeting {
			addLane(string(Meeting), "Other meetings")
			break
		}
	}
	addLane(string(Visit), "Visits")
	t.Divider = tlTop + len(t.Lanes)*tlLane
	for _, it := range c.Items {
		if it.Due.IsZero() {
			continue // waiting, no timescale: nothing to place
		}
		label := RuleLabel(it.Label, it.Title)
		if ch := ChildOf(it); ch != "" {
			label += " · " + ch
		}
		addLane(it.Rule+"\x00"+it.Child, label)
	}
	t.Top = tlTop
	t.Bottom = tlTop + len(t.Lanes)*tlLane
	t.Height = t.Bottom + tlFoot

	for _, e := range c.Events {
		if !in(e.Date) {
			t.Hidden++
			continue
		}
		y := float64(t.Lanes[lane[string(e.Kind)]].Mid)
		cx := x(e.Date)
		m := Mark{Title: render.DateText(e.Date) + ": " + e.Label, KindAttr: string(e.Kind), EventDateAttr: e.Date.String(), X: cx, Y: y}
		switch e.Kind {
		case Conference:
			m.Class, m.D = "conf", diamond(cx, y, markR+1)
			m.Text, m.TextX, m.TextY = e.Short, cx+markR+3, y+4
		case CoreGroup:
			m.Class, m.D = "cg", circle(cx, y, markR)
		case Meeting:
			m.Class, m.D = "meeting", square(cx, y, markR-0.5)
		case Visit:
			m.Class, m.D = "visit", circle(cx, y, visitR)
			if e.NoAccess {
				m.Class, m.D = "visit noaccess", cross(cx, y, markR-1)
			}
		}
		if e.Cancelled {
			m.Class += " cancelled"
			m.D += slash(cx, y, markR+1.5)
		}
		if e.Booked {
			m.Class += " booked"
		}
		t.Marks = append(t.Marks, m)
	}

	for _, it := range c.Items {
		if it.Due.IsZero() {
			continue
		}
		if !in(it.Due) {
			t.Hidden++
			continue
		}
		y := float64(t.Lanes[lane[it.Rule+"\x00"+it.Child]].Mid)
		cx := x(it.Due)
		m := Mark{Class: "ob st-" + string(it.Status), StatusAttr: string(it.Status), DueAttr: it.Due.String(),
			RuleAttr: it.Rule, Title: obTitle(it), X: cx, Y: y}
		m.D = statusShape(it.Status, cx, y)
		switch it.Status {
		case engine.Late:
			m.Line, m.LX1, m.LX2, m.LY = true, cx, clampX(it.Met), y
		case engine.Overdue:
			m.Line, m.LX1, m.LX2, m.LY = true, cx, t.Today, y
		case engine.Missed:
			if !it.End.IsZero() {
				m.Line, m.LX1, m.LX2, m.LY = true, cx, clampX(it.End), y
			}
		}
		if m.Line {
			m.LineClass = "span st-" + string(it.Status)
		}
		if !it.Booked.IsZero() {
			m.BookedX = clampX(it.Booked)
			m.BookedD = circle(m.BookedX, y, 3)
			m.BookedLate = it.BookedLate
			m.BookedTitle = "booked " + render.DateText(it.Booked)
			if it.BookedLate {
				m.BookedTitle += ", after the due date: a foreseeable breach"
			}
		}
		t.Marks = append(t.Marks, m)
	}
	return t
}

// span is the range drawn: every date of the case with a few days' margin, widened to whole
// months, at least to the end of the "due soon" band, and no more than maxPast months before
// and maxFuture months after the as-of date.
func span(c *Case, asOf, horizonEnd civil.Date) (civil.Date, civil.Date) {
	lo, hi := asOf, max(asOf, horizonEnd)
	see := func(d civil.Date) {
		if d.IsZero() {
			return
		}
		lo, hi = min(lo, d), max(hi, d)
	}
	for _, e := range c.Events {
		see(e.Date)
	}
	for _, it := range c.Items {
		see(it.Due)
		see(it.Met)
		see(it.Booked)
	}
	lo, hi = lo.AddDays(-3), hi.AddDays(3)
	lo = monthStart(max(lo, monthStart(asOf).AddMonths(-maxPast)))
	hi = monthStart(min(hi, monthStart(asOf).AddMonths(maxFuture))).AddMonths(1)
	return lo, hi
}

func monthStart(d civil.Date) civil.Date {
	y, m, _ := d.Civil()
	return civil.New(y, m, 1)
}

// ticks are the first days of the months in [start, end], labelled every month when there is
// room and every second, third or sixth month when not. The year is written on January and on
// the first label.
func ticks(start, end civil.Date, x func(civil.Date) float64) []Tick {
	months := 0
	for d := start; d <= end; d = d.AddMonths(1) {
		months++
	}
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12} {
		step = s
		if float64(tlWidth-tlX0-tlRight)*float64(s)/float64(max(months, 1)) >= 62 {
			break
		}
	}
	var out []Tick
	first := true
	i := 0
	for d := start; d <= end; d = d.AddMonths(1) {
		tk := Tick{X: x(d)}
		y, m, _ := d.Civil()
		if i%step == 0 && d < end {
			tk.Label = m.String()[:3]
			if first || m == 1 {
				tk.Label += fmt.Sprintf(" %d", y)
			}
			first = false
		}
		out = append(out, tk)
		i++
	}
	return out
}

func obTitle(it render.Item) string {
	var b strings.Builder
	b.WriteString(Title(it))
	if ch := ChildOf(it); ch != "" {
		b.WriteString(" · " + ch)
	}
	b.WriteString(": due " + render.DateText(it.Due) + ", " + render.StatusText(it))
	if (it.Status == engine.Met || it.Status == engine.Late) && !it.Met.IsZero() {
		b.WriteString(" (" + render.DateText(it.Met) + ")")
	}
	if it.Cite != "" {
		b.WriteString(" [" + it.Cite + "]")
	}
	return b.String()
}

// statusShape tells statuses apart by shape as well as colour, so that a black and white print
// still reads: met circle, late triangle, missed cross, overdue square, due diamond, open ring.
func statusShape(s engine.Status, x, y float64) string {
	switch s {
	case engine.Met:
		return circle(x, y, markR)
	case engine.Late:
		return triangle(x, y, markR+1)
	case engine.Missed:
		return cross(x, y, markR)
	case engine.Overdue:
		return square(x, y, markR)
	case engine.Due:
		return diamond(x, y, markR+1.5)
	default:
		return circle(x, y, markR-0.5)
	}
}

// round1 keeps coordinates to a tenth of a unit: plenty on a 1000-unit drawing, and short.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

func f(v float64) string { return fmt.Sprintf("%.1f", v) }

func circle(x, y, r float64) string {
	return "M" + f(x-r) + " " + f(y) + "a" + f(r) + " " + f(r) + " 0 1 0 " + f(2*r) + " 0a" + f(r) + " " + f(r) + " 0 1 0 " + f(-2*r) + " 0Z"
}

func square(x, y, r float64) string {
	return "M" + f(x-r) + " " + f(y-r) + "h" + f(2*r) + "v" + f(2*r) + "h" + f(-2*r) + "Z"
}

func diamond(x, y, r float64) string {
	return "M" + f(x) + " " + f(y-r) + "L" + f(x+r) + " " + f(y) + "L" + f(x) + " " + f(y+r) + "L" + f(x-r) + " " + f(y) + "Z"
}

func triangle(x, y, r float64) string {
	return "M" + f(x) + " " + f(y-r) + "L" + f(x+r) + " " + f(y+r*0.8) + "L" + f(x-r) + " " + f(y+r*0.8) + "Z"
}

func cross(x, y, r float64) string {
	return "M" + f(x-r) + " " + f(y-r) + "L" + f(x+r) + " " + f(y+r) + "M" + f(x+r) + " " + f(y-r) + "L" + f(x-r) + " " + f(y+r)
}

func slash(x, y, r float64) string {
	return "M" + f(x-r) + " " + f(y+r) + "L" + f(x+r) + " " + f(y-r)
}

// LegendShape is a status's shape centred in a 16-unit square, for the legend.
func LegendShape(s engine.Status) string { return statusShape(s, 8, 8) }
