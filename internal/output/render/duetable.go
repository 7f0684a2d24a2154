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
	"slices"
	"strings"

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

// Rows are the items of a table, read one at a time, so that a national tree's are never all
// unpacked at once (speed.Shown is Rows).
type Rows interface {
	Len() int
	At(i int) Item
}

// Items are Rows held in a slice.
type Items []Item

func (s Items) Len() int      { return len(s) }
func (s Items) At(i int) Item { return s[i] }

// WorkerOrder is the order in which to show rows (already in the engine's order): a case that
// could not be checked first, then each worker's rows together, groups in the order of their
// first row, the order within a group kept. Rows with no lead social worker are a group of
// their own. Element i is the index in rows of the i-th row to show.
func WorkerOrder(rows Rows) []int {
	rank := map[string]int{}
	ranks := make([]int, rows.Len())
	for i := range ranks {
		it := rows.At(i)
		if it.IsUnevaluated() {
			continue
		}
		k := WorkerKey(it)
		if _, ok := rank[k]; !ok {
			rank[k] = len(rank) + 1
		}
		ranks[i] = rank[k]
	}
	order := make([]int, len(ranks))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return ranks[a] - ranks[b] })
	return order
}

// GroupByWorker reorders items as WorkerOrder says.
func GroupByWorker(items []Item) {
	order := WorkerOrder(Items(items))
	sorted := make([]Item, len(items))
	for i, j := range order {
		sorted[i] = items[j]
	}
	copy(items, sorted)
}

// DaysText is the status with its count in unit u, which the heading names: "overdue by 19",
// "due in 3", "due today", "met late by 2 on Mon 2 Nov 2026".
func DaysText(it Item, u Unit) string {
	o := it.Obligation
	n := o.Days
	if u == WorkingDays {
		n = it.WorkingDays
	}
	switch o.Status {
	case engine.Overdue:
		return fmt.Sprintf("overdue by %d", n)
	case engine.Due, engine.Open:
		if n == 0 {
			return "due today"
		}
		return fmt.Sprintf("due in %d", n)
	case engine.Late:
		return fmt.Sprintf("met late by %d", n)
	case engine.Missed:
		return fmt.Sprintf("missed by %d", n)
	case engine.NoTimescale:
		return "no timescale"
	}
	return statusText(it)
}

// ObligationText is what the row is about: the title, and what the title does not say: the
// action's text and owner, or the detail (a meeting, a member) of a case-level obligation.
func ObligationText(it Item) string {
	o := it.Obligation
	if it.IsUnevaluated() {
		return o.Title + ": " + o.Anchor.String() + ": " + o.Detail
	}
	if it.ActionText != "" || it.ActionOwner != "" {
		s := o.Title + ":"
		if it.ActionText != "" {
			s += " " + it.ActionText
		}
		if it.ActionOwner != "" {
			s += " (owner " + it.ActionOwner + ")"
		} else {
			s += " (no owner)"
		}
		return s
	}
	if o.Detail != "" && o.Child == "" {
		return o.Title + " (" + o.Detail + ")"
	}
	return o.Title
}

// briefText is the obligation as it is shortened when the column is narrow: for an action, what
// is to be done and by whom (the rule's title says only that it is an action); else "", the
// cell itself.
func briefText(it Item) string {
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

// dueColumn is one column of the due table: its cells in full, and shorter forms where a column
// has one.
type dueColumn struct {
	head   string
	cells  []string
	full   []string // the cells before any shortening
	brief  []string // what a cell is shortened from when it must be (the action, not the title)
	short  []string // used from step 3 on; nil: none
	status bool     // coloured by status
}

func (c *dueColumn) width() int {
	w := runewidth.StringWidth(c.head)
	for _, s := range c.cells {
		for _, line := range strings.Split(s, "\n") {
			w = max(w, runewidth.StringWidth(line))
		}
	}
	return w
}

// WriteDue draws the due table of rows (in the order to show) on w.
func WriteDue(w io.Writer, rows Rows, o DueOptions) error {
	cols, lines := dueColumns(rows, o), false
	if o.Width > 0 && !o.Wide {
		cols, lines = fit(cols, o.Width)
	}
	return writeColumns(w, cols, rows, o, lines)
}

func dueColumns(rows Rows, o DueOptions) []*dueColumn {
	if rows.Len() == 0 {
		return nil
	}
	worker := &dueColumn{head: "Worker"}
	ref := &dueColumn{head: "Case"}
	child := &dueColumn{head: "Child"}
	ob := &dueColumn{head: "Obligation"}
	due := &dueColumn{head: "Due"}
	status := &dueColumn{head: "Status", status: true}
	booked := &dueColumn{head: "Booked"}
	cite := &dueColumn{head: "Cite"}
	prev := "\x00none"
	for i := range rows.Len() {
		it := rows.At(i)
		wl := workerLabel(it)
		if o.Terminal {
			// A person reads a group's worker once, on its first row.
			if k := WorkerKey(it); k == prev && !it.IsUnevaluated() {
				wl = ""
			} else {
				prev = k
			}
		}
		worker.cells = append(worker.cells, wl)
		ref.cells = append(ref.cells, it.Case)
		child.cells = append(child.cells, it.ChildLabel)
		ob.cells = append(ob.cells, ObligationText(it))
		ob.brief = append(ob.brief, briefText(it))
		d := DateText(it.Due)
		due.cells = append(due.cells, d)
		due.short = append(due.short, ShortDate(d))
		st := DaysText(it, o.Unit)
		if (it.Status == engine.Met || it.Status == engine.Late) && !it.Met.IsZero() {
			st += " on " + DateText(it.Met)
		}
		if it.OverLimit {
			st += ", past the limit" // the policy's outer timescale, beside its target
		}
		status.cells = append(status.cells, st)
		b, bs := "", ""
		if !it.Booked.IsZero() {
			b = DateText(it.Booked)
			bs = ShortDate(b)
			if it.BookedLate {
				b += " (after due)"
				bs += " (late)"
			}
		}
		booked.cells = append(booked.cells, b)
		booked.short = append(booked.short, bs)
		cite.cells = append(cite.cells, it.Cite)
	}
	ob.full = slices.Clone(ob.cells)
	cols := []*dueColumn{worker, ref, child, ob, due, status, booked, cite}
	if o.OneWorker {
		cols = cols[1:]
	}
	return cols
}

// workerLabel is the Worker cell of it.
func workerLabel(it Item) string {
	switch {
	case it.IsUnevaluated():
		return ""
	case it.WorkerLabel != "":
		return it.WorkerLabel
	}
	return it.Worker
}

// total is the width of the table: the columns and two spaces between each.
func total(cols []*dueColumn) int {
	n := 0
	for _, c := range cols {
		n += c.width()
	}
	return n + 2*(len(cols)-1)
}

// fit takes the steps in the order the file's comment gives until the table fits width; lines
// says the Worker column has become a line above each worker's rows.
func fit(cols []*dueColumn, width int) (_ []*dueColumn, lines bool) {
	cols = slices.DeleteFunc(cols, func(c *dueColumn) bool {
		return !slices.ContainsFunc(c.cells, func(s string) bool { return s != "" })
	})
	find := func(head string) *dueColumn {
		for _, c := range cols {
			if c.head == head {
				return c
			}
		}
		return nil
	}
	shorten := func(c *dueColumn, floor int) {
		if c == nil {
			return
		}
		over := total(cols) - width
		if over <= 0 {
			return
		}
		to := max(floor, c.width()-over, runewidth.StringWidth(c.head))
		for i, s := range c.cells {
			if c.brief != nil && c.brief[i] != "" && runewidth.StringWidth(s) > to {
				s = c.brief[i]
			}
			c.cells[i] = ellipsize(s, to)
		}
	}
	steps := []func(){
		func() { shorten(find("Cite"), 16) },
		func() { shorten(find("Obligation"), 36) },
		func() {
			for _, c := range cols {
				if c.short != nil {
					c.cells, c.short = c.short, nil
				}
			}
		},
		func() {
			cols = slices.DeleteFunc(cols, func(c *dueColumn) bool { return c.head == "Cite" })
		},
		func() {
			shorten(find("Obligation"), 24)
			shorten(find("Worker"), 14)
		},
		func() {
			if find("Worker") != nil {
				cols = slices.DeleteFunc(cols, func(c *dueColumn) bool { return c.head == "Worker" })
				lines = true
			}
		},
		func() {
			if b := find("Booked"); b != nil {
				for i, s := range b.cells {
					b.cells[i] = strings.Replace(s, " (", "\n(", 1)
				}
			}
			c := find("Obligation")
			over := total(cols) - width
			to := max(c.width()-over, runewidth.StringWidth(c.head), 12)
			for i, s := range c.full {
				if c.brief != nil && c.brief[i] != "" && runewidth.StringWidth(s) > 3*to-4 {
					s = c.brief[i]
				}
				c.cells[i] = strings.Join(wrapWords(ellipsize(s, 3*to-4), to), "\n")
			}
		},
	}
	for _, step := range steps {
		if total(cols) <= width {
			break
		}
		step()
	}
	return cols, lines
}

// ellipsize shortens s to at most n columns, ending at a space where one is near and marking the
// cut with "…". A single word longer than n is cut inside, still marked.
func ellipsize(s string, n int) string {
	if runewidth.StringWidth(s) <= n {
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
		case runewidth.StringWidth(line)+1+runewidth.StringWidth(word) <= n:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

func statusColor(it Item) string {
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

// writeColumns prints the columns two spaces apart, padded by display width, a row's wrapped cells
// on lines of their own, with no trailing spaces.
func writeColumns(w io.Writer, cols []*dueColumn, rows Rows, o DueOptions, groupLines bool) error {
	if len(cols) == 0 {
		return nil
	}
	widths := make([]int, len(cols))
	for j, c := range cols {
		widths[j] = c.width()
	}
	var b strings.Builder
	emit := func(cells [][]string, row int, it Item) error {
		height := 1
		for _, c := range cells {
			height = max(height, len(c))
		}
		for line := 0; line < height; line++ {
			b.Reset()
			for j, c := range cells {
				text := ""
				if line < len(c) {
					text = c[line]
				}
				if j > 0 {
					b.WriteString("  ")
				}
				pad := strings.Repeat(" ", widths[j]-runewidth.StringWidth(text))
				if code := ""; row >= 0 && o.Color && text != "" {
					if cols[j].status {
						code = statusColor(it)
					} else if cols[j].head == "Booked" && it.BookedLate {
						code = "33"
					}
					if code != "" {
						text = "\x1b[" + code + "m" + text + "\x1b[0m"
					}
				}
				b.WriteString(text)
				if j < len(cells)-1 {
					b.WriteString(pad)
				}
			}
			if _, err := io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n"); err != nil {
				return err
			}
		}
		return nil
	}
	head := make([][]string, len(cols))
	for j, c := range cols {
		head[j] = []string{c.head}
	}
	if err := emit(head, -1, Item{}); err != nil {
		return err
	}
	row := make([][]string, len(cols))
	prev := "\x00none"
	for i := range rows.Len() {
		it := rows.At(i)
		if k := WorkerKey(it); groupLines && (k != prev || i == 0) {
			prev = k
			label := workerLabel(it)
			switch {
			case it.IsUnevaluated():
				label = "Not checked"
			case label == "":
				label = "No lead social worker"
			}
			if _, err := io.WriteString(w, label+":\n"); err != nil {
				return err
			}
		}
		for j, c := range cols {
			row[j] = strings.Split(c.cells[i], "\n")
		}
		if err := emit(row, i, it); err != nil {
			return err
		}
	}
	return nil
}
