package render

// This file is the only one that imports tablewriter: its API changed at v1 (pinned at v1.1.5 in
// go.mod), so everything else talks to Table.

import (
	"io"
	"slices"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/cpcase/cpcase/internal/output/safe"
)

// Table is a header and rows of plain text cells.
type Table struct {
	Header []string
	Rows   [][]string
	// Color, when set and colour is on, gives an ANSI SGR code ("31", "1;33") for a cell, or "".
	Color func(row, col int) string
}

// Style says how a table is drawn.
type Style struct {
	Terminal bool // boxed table for a person; otherwise plain aligned columns, stable for scripts
	Color    bool // ANSI colour (only ever on a terminal, never with NO_COLOR)
	ASCII    bool // borders of + - |, for a console that cannot show box-drawing characters
}

// WriteTable draws t on w. Every cell is made inert for a terminal first (safe.Term: an escape
// sequence, a carriage return or a bidirectional override from a case file is shown, not obeyed),
// before widths are measured and colour is added.
func WriteTable(w io.Writer, t Table, s Style) error {
	t = termSafe(t)
	rows := t.Rows
	if s.Color && t.Color != nil {
		rows = make([][]string, len(t.Rows))
		for i, r := range t.Rows {
			rows[i] = make([]string, len(r))
			for j, c := range r {
				if code := t.Color(i, j); code != "" && c != "" {
					c = "\x1b[" + code + "m" + c + "\x1b[0m"
				}
				rows[i][j] = c
			}
		}
	}
	if !s.Terminal {
		return writePlain(w, t.Header, rows)
	}
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
	}
	if s.ASCII {
		opts = append(opts, tablewriter.WithSymbols(tw.NewSymbols(tw.StyleASCII)))
	}
	tbl := tablewriter.NewTable(w, opts...)
	tbl.Header(t.Header)
	for _, r := range rows {
		if err := tbl.Append(r); err != nil {
			return err
		}
	}
	return tbl.Render()
}

// termSafe is t with every cell through safe.Term; t itself is left alone.
func termSafe(t Table) Table {
	out := t
	out.Header = make([]string, len(t.Header))
	for i, h := range t.Header {
		out.Header[i] = safe.Term(h)
	}
	out.Rows = make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		out.Rows[i] = make([]string, len(r))
		for j, c := range r {
			out.Rows[i][j] = safe.Term(c)
		}
	}
	return out
}

// WritePlainSeq draws the rows as WriteTable does for a file or a pipe (plain columns, every cell
// made inert for a terminal), reading them twice (to measure, then to print) instead of holding
// them: for a table as long as a national tree's changes.
func WritePlainSeq(w io.Writer, header []string, rows func(yield func([]string) bool)) error {
	safeRow := func(r []string) []string {
		out := make([]string, len(r))
		for j, c := range r {
			out[j] = safe.Term(c)
		}
		return out
	}
	return writePlainSeq(w, safeRow(header), func(yield func([]string) bool) {
		for r := range rows {
			if !yield(safeRow(r)) {
				return
			}
		}
	})
}

// writePlainSeq is writePlain of rows read twice.
func writePlainSeq(w io.Writer, header []string, rows func(yield func([]string) bool)) error {
	widths := make([]int, len(header))
	measure := func(r []string) {
		for j, c := range r {
			if j < len(widths) {
				widths[j] = max(widths[j], runewidth.StringWidth(stripANSI(c)))
			}
		}
	}
	measure(header)
	for r := range rows {
		measure(r)
	}
	var b strings.Builder
	if err := writeRow(w, &b, header, widths); err != nil {
		return err
	}
	var err error
	for r := range rows {
		if err = writeRow(w, &b, r, widths); err != nil {
			break
		}
	}
	return err
}

// WriteTableSeq draws the rows as WriteTable does, reading them twice (to measure, then to
// print) instead of holding them: for a table as long as a national tree's changes. Each row
// comes with its cells' colours (SGR codes as Table.Color gives them, "" or nil for none).
func WriteTableSeq(w io.Writer, header []string, rows func(yield func(cells, colors []string) bool), s Style) error {
	head := make([]string, len(header))
	for i, h := range header {
		head[i] = safe.Term(h)
	}
	var out []string
	prepared := func(yield func([]string) bool) {
		for r, colors := range rows {
			out = slices.Grow(out[:0], len(r))[:len(r)]
			for j, c := range r {
				c = safe.Term(c)
				if s.Color && j < len(colors) && colors[j] != "" && c != "" {
					c = "\x1b[" + colors[j] + "m" + c + "\x1b[0m"
				}
				out[j] = c
			}
			if !yield(out) {
				return
			}
		}
	}
	if !s.Terminal {
		return writePlainSeq(w, head, prepared)
	}
	// tablewriter's own measure of a cell (its prepareContent and updateWidths): trimmed, tabs
	// as spaces, each line's display width, and the padding of a space either side; then the
	// table is streamed at those widths.
	widths := tw.NewMapper[int, int]()
	tab := strings.Repeat(" ", twwidth.TabWidth())
	measure := func(r []string) {
		for j, c := range r {
			n := 0
			c = strings.ReplaceAll(strings.TrimSpace(c), "\t", tab)
			for _, line := range strings.Split(c, tw.NewLine) {
				n = max(n, twwidth.Width(line))
			}
			if n+2 > widths.Get(j) {
				widths.Set(j, n+2)
			}
		}
	}
	measure(head)
	for r := range prepared {
		measure(r)
	}
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithStreaming(tw.StreamConfig{Enable: true}),
		tablewriter.WithWidths(tw.CellWidth{PerColumn: widths}),
	}
	if s.ASCII {
		opts = append(opts, tablewriter.WithSymbols(tw.NewSymbols(tw.StyleASCII)))
	}
	tbl := tablewriter.NewTable(w, opts...)
	if err := tbl.Start(); err != nil {
		return err
	}
	tbl.Header(head)
	for r := range prepared {
		if err := tbl.Append(r); err != nil {
			return err
		}
	}
	return tbl.Close()
}

// writePlain prints columns separated by two spaces, padded by display width, with no trailing
// spaces: easy to read in a log and to cut with awk.
func writePlain(w io.Writer, header []string, rows [][]string) error {
	all := append([][]string{header}, rows...)
	widths := make([]int, len(header))
	for _, r := range all {
		for j, c := range r {
			if j < len(widths) {
				if n := runewidth.StringWidth(stripANSI(c)); n > widths[j] {
					widths[j] = n
				}
			}
		}
	}
	var b strings.Builder
	for _, r := range all {
		if err := writeRow(w, &b, r, widths); err != nil {
			return err
		}
	}
	return nil
}

// writeRow prints one row of plain columns.
func writeRow(w io.Writer, b *strings.Builder, r []string, widths []int) error {
	b.Reset()
	for j, c := range r {
		if j > 0 {
			b.WriteString("  ")
		}
		b.WriteString(c)
		if j < len(r)-1 && j < len(widths) {
			b.WriteString(strings.Repeat(" ", widths[j]-runewidth.StringWidth(stripANSI(c))))
		}
	}
	line := strings.TrimRight(b.String(), " ")
	_, err := io.WriteString(w, line+"\n")
	return err
}

func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && s[j] != 'm' {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
