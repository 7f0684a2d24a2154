package render

// The table `cpcase due` prints for a person: fitted to the terminal's width. A file or a pipe
// (Width 0) and --wide get every column whole.
//
// When the columns are wider than the terminal, they give way in this order, each step taken
// only while the table is still too wide:
//
//  1. Cite is shortened to 16 columns (at a word, with "…").
//  2. The obligation is shortened, down to 36 columns: for an action, its text and owner
//     first (the rule's title only says it is an action), then cut at a word.
//  3. Dates lose their weekday ("Mon 7 Dec 2026" becomes "7 Dec 2026") and a booking after
//     the due date is marked "(late)" instead of "(after due)".
//  4. Cite is dropped.
//  5. The obligation is shortened down to 24 columns, the worker to 14.
//  6. The Worker column becomes a line above each worker's rows.
//  7. The obligation (at most three lines of it) and the booking are wrapped onto more lines,
//     at spaces: a word is never broken.
//
// On a terminal a column with nothing in it (no booking, say) is left out, but with --wide.
//
// A person's own view: a case that could not be checked is listed first, then each worker's
// cases together (the worker with the most pressing obligation first), and within a worker the
// engine's order (overdue first, most overdue first, then by due date).

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mattn/go-runewidth"

	"github.com/cpcase/cpcase/internal/evaluate/engine"
)

// Unit is what "overdue by" and "due in" count.
type Unit int

const (
	CalendarDays Unit = iota
	WorkingDays
)

func (u Unit) String() string {
	if u == WorkingDays {
		return "working days"
	}
	return "days"
}

// DueOptions say how the due table is drawn.
type DueOptions struct {
	Unit      Unit // the unit of the Status column, named in the heading
	Width     int  // the terminal's width in columns; 0: no limit (a file or a pipe)
	Wide      bool // keep every column whole whatever the width
	Terminal  bool // a person is reading: the worker is written once per group
	Color     bool // ANSI colour for the status (only ever on a terminal)
	OneWorker bool // the rows are one worker's: no Worker column
	// The columns' widths as the rows were made (NewDueWidths), for rows read by place whose
	// count they hold: the table then starts from them rather than a pass over every row.
	Widths *DueWidths
}

// DueWidths are the due table's columns measured as a listing's rows are made, from any
// goroutine (Add): the measure the table starts with, taken while the cases are evaluated on
// every core, not in a pass of its own over every row after the last.
type DueWidths struct {
	mu sync.Mutex
	l  layout // the table's layout before any fitting: all that a cell's text depends on
	measures
	n int
}

// measures are the widths of the columns' cells and whether any has text.
type measures struct {
	width  [nColumns]int
	filled [nColumns]bool
}

// add measures s, a cell of column c.
func (m *measures) add(c column, s string) {
	if s != "" {
		m.filled[c] = true
	}
	for line := range strings.SplitSeq(s, "\n") {
		m.width[c] = max(m.width[c], textWidth(line))
	}
}

// merge takes column c of o into m.
func (m *measures) merge(c column, o *measures) {
	m.width[c] = max(m.width[c], o.width[c])
	m.filled[c] = m.filled[c] || o.filled[c]
}

// NewDueWidths measures rows for a table whose status column counts in unit u.
func NewDueWidths(u Unit) *DueWidths { return &DueWidths{l: layout{o: DueOptions{Unit: u}}} }

// Add measures rows as a table into a file or a pipe shows them (on a terminal a row that
// continues its worker's group shows no worker, and the rows' order says which those are: a
// table there measures its own).
func (d *DueWidths) Add(rows []Item) {
	if d == nil || len(rows) == 0 {
		return
	}
	var m measures
	for i := range rows {
		for c := range nColumns {
			m.add(c, d.l.cell(c, &rows[i], false))
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for c := range nColumns {
		d.merge(c, &m)
	}
	d.n += len(rows)
}

// Wrap breaks s into lines of at most width columns at spaces (a word wider stays whole); width
// 0 is no limit. For the sentences above a table on a terminal.
func Wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	return strings.Join(wrapWords(s, width), "\n")
}

// UnitHeading is the sentence above the table that names the unit of the Status column.
func UnitHeading(u Unit) string {
	return fmt.Sprintf("Overdue by, due in and late by count %s.", u)
}

// WorkerKey identifies the lead social worker across cases: the staff id when members.yaml gives
// one; else the member id, which is local to its case, so it is qualified by the case.
func WorkerKey(it Item) string {
	if it.Staff != "" {
		return "staff\x00" + it.Staff
	}
	if it.Worker == "" {
		return ""
	}
	return "case\x00" + it.Case + "\x00" + it.Worker
}

// Worker is a row's lead social worker as WorkerKey tells them apart, comparable without
// making the key: the table tells two rows' workers apart for every row on every pass, and
// speed.Sorter numbers them.
type Worker struct{ staff, ref, id string }

// RowWorker is the Worker of an evaluated row.
func RowWorker(it *Item) Worker { return WorkerFrom(it.Staff, it.Case, it.Worker) }

// WorkerFrom is the Worker of an evaluated row with this staff id, case reference and worker id.
func WorkerFrom(staff, ref, id string) Worker {
	switch {
	case staff != "":
		return Worker{staff: staff}
	case id == "":
		return Worker{}
	}
	return Worker{ref: ref, id: id}
}

// Rows are the items of a table in the order to show, read as many times as the table needs: a
// pass to measure every column, one more for each column a fitting step changes, and one to
// print. A row is worked out into its cells on each pass and never held, so a national tree's
// obligations are never all in memory at once (speed.Sorter and speed.Grouped read theirs back
// from disk).
type Rows interface {
	All(yield func(Item) bool)
}

// Indexed are Rows that can also be read by place, from several goroutines at once: a table
// of them works out each batch of rows on the core that works out its cells.
type Indexed interface {
	Rows
	Len() int
	At(i int) Item
}

// Items are Rows held in a slice.
type Items []Item

var _ Indexed = Items(nil)

// Len is the number of items.
func (s Items) Len() int { return len(s) }

// At is the i-th item.
func (s Items) At(i int) Item { return s[i] }

// All is every item, in order.
func (s Items) All(yield func(Item) bool) {
	for _, it := range s {
		if !yield(it) {
			return
		}
	}
}

// WorkerGroups number the groups of a table's rows, read in the engine's order: a case that could
// not be checked is 0 (it comes first), then each lead social worker's rows 1, 2, and so on in the
// order of the worker's first row. Rows with no lead social worker are a group of their own.
// Showing the rows by group number, the order within a group kept, puts each worker's together.
type WorkerGroups struct{ rank map[Worker]int }

// Rank is the group number of the next row.
func (g *WorkerGroups) Rank(it Item) int {
	if it.IsUnevaluated() {
		return 0
	}
	if g.rank == nil {
		g.rank = map[Worker]int{}
	}
	k := RowWorker(&it)
	r, ok := g.rank[k]
	if !ok {
		r = len(g.rank) + 1
		g.rank[k] = r
	}
	return r
}

// GroupByWorker reorders items (in the engine's order) as WorkerGroups say: a stable sort by
// group.
func GroupByWorker(items []Item) {
	type ranked struct {
		rank int
		it   Item
	}
	var g WorkerGroups
	sorted := make([]ranked, len(items))
	for i, it := range items {
		sorted[i] = ranked{g.Rank(it), it}
	}
	slices.SortStableFunc(sorted, func(a, b ranked) int { return a.rank - b.rank })
	for i := range sorted {
		items[i] = sorted[i].it
	}
}

// DaysText is the status with its count in unit u, which the heading names: "overdue by 19",
// "due in 3", "due today", "met late by 2 on Mon 2 Nov 2026".
func DaysText(it Item, u Unit) string { return daysText(&it, u) }

// daysText is DaysText of *it: the table asks it of every row, and an Item is some 400 bytes.
func daysText(it *Item, u Unit) string {
	o := &it.Obligation
	n := o.Days
	if u == WorkingDays {
		n = it.WorkingDays
	}
	switch o.Status {
	case engine.Overdue:
		return "overdue by " + strconv.Itoa(n)
	case engine.Due, engine.Open:
		if n == 0 {
			return "due today"
		}
		return "due in " + strconv.Itoa(n)
	case engine.Late:
		return "met late by " + strconv.Itoa(n)
	case engine.Missed:
		return "missed by " + strconv.Itoa(n)
	case engine.NoTimescale:
		return "no timescale"
	}
	return statusText(*it)
}

// ObligationText is what the row is about: the title, and what the title does not say: the
// action's text and owner, or the detail (a meeting, a member) of a case-level obligation.
func ObligationText(it Item) string { return obligationText(&it) }

// obligationText is ObligationText of *it, for the table (daysText).
func obligationText(it *Item) string {
	o := &it.Obligation
	if it.IsUnevaluated() {
		return o.Title + ": " + o.Anchor.String() + ": " + o.Detail
	}
	if it.ActionText != "" || it.ActionOwner != "" {
		// Made at once: the table makes it for every row on every pass.
		var b strings.Builder
		b.Grow(len(o.Title) + len(it.ActionText) + len(it.ActionOwner) + 12)
		b.WriteString(o.Title)
		b.WriteString(":")
		if it.ActionText != "" {
			b.WriteString(" ")
			b.WriteString(it.ActionText)
		}
		if it.ActionOwner != "" {
			b.WriteString(" (owner ")
			b.WriteString(it.ActionOwner)
			b.WriteString(")")
		} else {
			b.WriteString(" (no owner)")
		}
		return b.String()
	}
	if o.Detail != "" && o.Child == "" {
		return o.Title + " (" + o.Detail + ")"
	}
	return o.Title
}

// briefText is the obligation as it is shortened when the column is narrow: for an action, what
// is to be done and by whom (the rule's title says only that it is an action); else "", the
// cell itself.
func briefText(it *Item) string {
	if it.IsUnevaluated() || (it.ActionText == "" && it.ActionOwner == "") {
		return ""
	}
	s := "Action"
	if it.ActionText != "" {
		s = it.ActionText
	}
	if it.ActionOwner != "" {
		return s + " (" + it.ActionOwner + ")"
	}
	return s + " (no owner)"
}

// ShortDate is a date without its weekday: "7 Dec 2026".
func ShortDate(full string) string {
	if _, rest, ok := strings.Cut(full, " "); ok && len(full) > 4 {
		return rest
	}
	return full
}

// column is one column of the due table.
type column int

const (
	colWorker column = iota
	colCase
	colChild
	colObligation
	colDue
	colStatus
	colBooked
	colCite
	nColumns
)

var heads = [nColumns]string{"Worker", "Case", "Child", "Obligation", "Due", "Status", "Booked", "Cite"}

// layout is what the fitting steps have done to the columns. A row's cells are worked out from
// it on every pass over the rows, never held: each step that changes a column by its data is
// followed by a pass that measures that column again.
type layout struct {
	o        DueOptions
	rows     Rows
	cols     []column        // the columns shown, in order
	measures                 // each column's width as the layout is now, and whether some cell has text
	cuts     [nColumns][]int // each shortening of the column, in order: the width it was cut to
	short    bool            // dates without their weekday, "(late)" for "(after due)"
	lines    bool            // the Worker column is a line above each worker's rows
	broken   bool            // the booking's "(late)" on a line of its own
	wrap     int             // the obligation wrapped at this width (0: not wrapped)
	n        int             // rows
}

// WriteDue draws the due table of rows (in the order to show) on w.
func WriteDue(w io.Writer, rows Rows, o DueOptions) error {
	l := &layout{o: o, rows: rows}
	for c := range nColumns {
		if c != colWorker || !o.OneWorker {
			l.cols = append(l.cols, c)
		}
	}
	if !l.measured(o.Widths) {
		l.measure(l.cols...)
	}
	if l.n == 0 {
		return nil
	}
	if o.Width > 0 && !o.Wide {
		l.fit(o.Width)
	}
	return l.write(w)
}

// measured starts the layout from the widths w took as the rows were made, when they are of
// exactly these rows (as many, read by place) in this unit, for a table not on a terminal.
func (l *layout) measured(w *DueWidths) bool {
	ix, ok := l.rows.(Indexed)
	if w == nil || !ok || l.o.Terminal {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.n != ix.Len() || w.l.o.Unit != l.o.Unit {
		return false
	}
	for _, c := range l.cols {
		l.width[c] = max(textWidth(heads[c]), w.width[c])
		l.filled[c] = w.filled[c]
	}
	l.n = w.n
	return true
}

// measure works out the width of columns cs under the layout as it is: one pass over the rows,
// the cells worked out on every core (batches).
func (l *layout) measure(cs ...column) {
	if len(cs) == 0 {
		return
	}
	for _, c := range cs {
		l.width[c] = textWidth(heads[c])
	}
	n := 0
	l.batches(false, func(rows []batchRow) any {
		var p measures
		for _, r := range rows {
			for _, c := range cs {
				p.add(c, l.cell(c, &r.it, r.again))
			}
		}
		return p
	}, func(v any, rows int) error {
		p := v.(measures)
		n += rows
		for _, c := range cs {
			l.merge(c, &p)
		}
		return nil
	})
	l.n = n
}

// batchRow is a row read for a pass: whether it continues its worker's group, and the line
// above it naming its worker, if any (write).
type batchRow struct {
	it    Item
	again bool
	head  string
}

// batches reads the rows once in batches (batched) and works each out with work on every core
// (work must only read the layout), giving the results to done in the rows' order; heads says
// to set each row's head (write). Rows that can be read by place (Indexed) are read on the
// cores that work out their cells, the pass handing out places only; others are read in one
// goroutine, a few batches a core held at a time (a row is 272 bytes).
func (l *layout) batches(heads bool, work func([]batchRow) any, done func(v any, rows int) error) error {
	if ix, ok := l.rows.(Indexed); ok {
		places := func(yield func(int) bool) {
			for i := range ix.Len() {
				if !yield(i) {
					return
				}
			}
		}
		made := sync.Pool{New: func() any { return new([]batchRow) }}
		return batched(places, func(_ bool, is []int) any {
			buf := made.Get().(*[]batchRow)
			rows := (*buf)[:0]
			var prev *Worker
			for j, i := range is {
				if j == 0 && i > 0 {
					before := ix.At(i - 1)
					w := RowWorker(&before)
					prev = &w
				}
				rows = append(rows, batchRow{it: ix.At(i)})
				r := &rows[len(rows)-1]
				l.row(r, prev, heads)
				w := RowWorker(&r.it)
				prev = &w
			}
			v := work(rows)
			clear(rows)
			*buf = rows[:0]
			made.Put(buf)
			return v
		}, done)
	}
	rows := func(yield func(batchRow) bool) {
		var prev *Worker
		l.rows.All(func(it Item) bool {
			r := batchRow{it: it}
			l.row(&r, prev, heads)
			w := RowWorker(&it)
			prev = &w
			return yield(r)
		})
	}
	return batched(rows, func(_ bool, rs []batchRow) any { return work(rs) }, done)
}

// row sets what a pass reads of r's item, after a row of the worker prev (nil: it is the
// first): whether it continues its worker's group (on a terminal a person reads a group's
// worker once, on its first row), and with heads the line above it that names its worker,
// where the lines are drawn and its worker is not the row before's.
func (l *layout) row(r *batchRow, prev *Worker, heads bool) {
	it := &r.it
	k := RowWorker(it)
	r.again = prev != nil && k == *prev && !it.IsUnevaluated()
	if heads && l.lines && (prev == nil || k != *prev) {
		label := workerLabel(it)
		switch {
		case it.IsUnevaluated():
			label = "Not checked"
		case label == "":
			label = "No lead social worker"
		}
		r.head = label + ":\n"
	}
}

// cell is the text of column c for row it, as the layout draws it (again: the row continues its
// worker's group).
func (l *layout) cell(c column, it *Item, again bool) string {
	switch c {
	case colWorker:
		if again && l.o.Terminal {
			return ""
		}
		return l.cut(c, workerLabel(it), "")
	case colCase:
		return it.Case
	case colChild:
		return it.ChildLabel
	case colObligation:
		full, brief := obligationText(it), briefText(it)
		if to := l.wrap; to > 0 {
			s := full
			if brief != "" && textWidth(s) > 3*to-4 {
				s = brief
			}
			return strings.Join(wrapWords(ellipsize(s, 3*to-4), to), "\n")
		}
		return l.cut(c, full, brief)
	case colDue:
		d := DateText(it.Due)
		if l.short {
			return ShortDate(d)
		}
		return d
	case colStatus:
		st := daysText(it, l.o.Unit)
		if (it.Status == engine.Met || it.Status == engine.Late) && !it.Met.IsZero() {
			st += " on " + DateText(it.Met)
		}
		if it.OverLimit {
			st += ", past the limit" // the policy's outer timescale, beside its target
		}
		return st
	case colBooked:
		if it.Booked.IsZero() {
			return ""
		}
		b := DateText(it.Booked)
		switch {
		case l.short && it.BookedLate:
			b = ShortDate(b) + " (late)"
		case l.short:
			b = ShortDate(b)
		case it.BookedLate:
			b += " (after due)"
		}
		if l.broken {
			b = strings.Replace(b, " (", "\n(", 1)
		}
		return b
	case colCite:
		return l.cut(c, it.Cite, "")
	}
	return ""
}

// cut applies the shortenings of column c to s, in order: each to its width, at a word, from
// brief (for an action: what is to be done and by whom) when s is wider.
func (l *layout) cut(c column, s, brief string) string {
	for _, to := range l.cuts[c] {
		if brief != "" && textWidth(s) > to {
			s = brief
		}
		s = ellipsize(s, to)
	}
	return s
}

// workerLabel is the Worker cell of it.
func workerLabel(it *Item) string {
	switch {
	case it.IsUnevaluated():
		return ""
	case it.WorkerLabel != "":
		return it.WorkerLabel
	}
	return it.Worker
}

// total is the width of the table: the columns and two spaces between each.
func (l *layout) total() int {
	n := 0
	for _, c := range l.cols {
		n += l.width[c]
	}
	return n + 2*(len(l.cols)-1)
}

func (l *layout) has(c column) bool { return slices.Contains(l.cols, c) }

func (l *layout) drop(c column) {
	l.cols = slices.DeleteFunc(l.cols, func(d column) bool { return d == c })
}

// fit takes the steps in the order the file's comment gives until the table fits width.
func (l *layout) fit(width int) {
	l.cols = slices.DeleteFunc(l.cols, func(c column) bool { return !l.filled[c] })
	shorten := func(c column, floor int) {
		if !l.has(c) {
			return
		}
		over := l.total() - width
		if over <= 0 {
			return
		}
		l.cuts[c] = append(l.cuts[c], max(floor, l.width[c]-over, textWidth(heads[c])))
		l.measure(c)
	}
	steps := []func(){
		func() { shorten(colCite, 16) },
		func() { shorten(colObligation, 36) },
		func() {
			l.short = true
			l.measure(slices.DeleteFunc([]column{colDue, colBooked}, func(c column) bool { return !l.has(c) })...)
		},
		func() { l.drop(colCite) },
		func() {
			shorten(colObligation, 24)
			shorten(colWorker, 14)
		},
		func() {
			if l.has(colWorker) {
				l.drop(colWorker)
				l.lines = true
			}
		},
		func() {
			if l.has(colBooked) {
				l.broken = true
				l.measure(colBooked)
			}
			if !l.has(colObligation) {
				return
			}
			over := l.total() - width
			l.wrap = max(l.width[colObligation]-over, textWidth(heads[colObligation]), 12)
			l.measure(colObligation)
		},
	}
	for _, step := range steps {
		if l.total() <= width {
			break
		}
		step()
	}
}

// ellipsize shortens s to at most n columns, ending at a space where one is near and marking the
// cut with "…". A single word longer than n is cut inside, still marked.
func ellipsize(s string, n int) string {
	if textWidth(s) <= n {
		return s
	}
	if n < 2 {
		return "…"
	}
	cut := runewidth.Truncate(s, n-1, "")
	if i := strings.LastIndexByte(cut, ' '); i >= len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:(") + "…"
}

// wrapWords breaks s into lines of at most n columns at spaces. A word wider than n is a line of
// its own, whole.
func wrapWords(s string, n int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case textWidth(line)+1+textWidth(word) <= n:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

func statusColor(it *Item) string {
	switch it.Status {
	case engine.Overdue, engine.Missed, NotEvaluated:
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

// write prints the columns two spaces apart, padded by display width, a row's wrapped cells on
// lines of their own, with no trailing spaces: the last pass over the rows, the lines of each
// batch of rows made on every core and written in order.
func (l *layout) write(w io.Writer) error {
	if len(l.cols) == 0 {
		return nil
	}
	emit := func(b []byte, cells [][]string, row bool, it *Item) []byte {
		height := 1
		for _, c := range cells {
			height = max(height, len(c))
		}
		for line := 0; line < height; line++ {
			start := len(b)
			for j, c := range cells {
				text := ""
				if line < len(c) {
					text = c[line]
				}
				if j > 0 {
					b = append(b, "  "...)
				}
				pad := spaces(l.width[l.cols[j]] - textWidth(text))
				if code := ""; row && l.o.Color && text != "" {
					if l.cols[j] == colStatus {
						code = statusColor(it)
					} else if l.cols[j] == colBooked && it.BookedLate {
						code = "33"
					}
					if code != "" {
						text = "\x1b[" + code + "m" + text + "\x1b[0m"
					}
				}
				b = append(b, text...)
				if j < len(cells)-1 {
					b = append(b, pad...)
				}
			}
			end := len(b)
			for end > start && b[end-1] == ' ' {
				end--
			}
			b = append(b[:end], '\n')
		}
		return b
	}
	head := make([][]string, len(l.cols))
	for j, c := range l.cols {
		head[j] = []string{heads[c]}
	}
	if _, err := w.Write(emit(nil, head, false, &Item{})); err != nil {
		return err
	}
	// The lines of each batch are written into a buffer that is given back once written out.
	bufs := make(chan *[]byte, 4*runtime.GOMAXPROCS(0))
	return l.batches(true, func(rows []batchRow) any {
		var b *[]byte
		select {
		case b = <-bufs:
		default:
			b = new([]byte)
		}
		row := make([][]string, len(l.cols))
		one := make([]string, len(l.cols)) // a cell of one line, without a slice of its own
		for _, r := range rows {
			*b = append(*b, r.head...)
			for j, c := range l.cols {
				if text := l.cell(c, &r.it, r.again); strings.IndexByte(text, '\n') < 0 {
					one[j] = text
					row[j] = one[j : j+1 : j+1]
				} else {
					row[j] = strings.Split(text, "\n")
				}
			}
			*b = emit(*b, row, true, &r.it)
		}
		return b
	}, func(v any, _ int) error {
		b := v.(*[]byte)
		_, err := w.Write(*b)
		*b = (*b)[:0]
		select {
		case bufs <- b:
		default:
		}
		return err
	})
}

// textWidth is runewidth.StringWidth, without its walk over grapheme clusters for the plain
// printable ASCII that most cells are (one column a byte).
func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b >= 0x7f {
			return runewidth.StringWidth(s)
		}
	}
	return len(s)
}

// blanks pads cells without a new string each time.
const blanks = "                                                                "

// spaces is n spaces (none for n < 1).
func spaces(n int) string {
	if n <= len(blanks) {
		return blanks[:max(n, 0)]
	}
	return strings.Repeat(" ", n)
}
