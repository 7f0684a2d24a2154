package render

// This file is the only one that imports tablewriter: its API changed at v1 (pinned at v1.1.5 in
// go.mod), so everything else talks to Table.

import (
	"io"
	"iter"
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
	tbl := tablewriter.NewTable(w, boxOptions(s)...)
	tbl.Header(t.Header)
	for _, r := range rows {
		if err := tbl.Append(r); err != nil {
			return err
		}
	}
	return tbl.Render()
}

// boxOptions are how tablewriter draws a table on a terminal.
func boxOptions(s Style) []tablewriter.Option {
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
	}
	if s.ASCII {
		opts = append(opts, tablewriter.WithSymbols(tw.NewSymbols(tw.StyleASCII)))
	}
	return opts
}

// WriteTableSeq draws a table as WriteTable does, to the byte, reading the rows twice (to
// measure, then to draw) instead of holding them: each row's cells, and beside them the colour of
// each cell (as Table.Color gives it; nil or "" for none). On a terminal the boxed table is drawn
// by tablewriter as a stream, its columns as wide as the widest cell measured the way
// tablewriter measures them.
func WriteTableSeq(w io.Writer, header []string, rows iter.Seq2[[]string, []string], s Style) error {
	cells := func(r, codes []string) []string {
		out := make([]string, len(r))
		for j, c := range r {
			c = safe.Term(c)
			if s.Color && j < len(codes) && codes[j] != "" && c != "" {
				c = "\x1b[" + codes[j] + "m" + c + "\x1b[0m"
			}
			out[j] = c
		}
		return out
	}
	width := func(c string) int { return runewidth.StringWidth(stripANSI(c)) }
	if s.Terminal {
		width = func(c string) int { return twwidth.Width(strings.TrimSpace(c)) }
	}
	widths := make([]int, len(header))
	measure := func(r []string) {
		for j, c := range r {
			if j < len(widths) {
				widths[j] = max(widths[j], width(c))
			}
		}
	}
	head := cells(header, nil)
	measure(head)
	for r, codes := range rows {
		measure(cells(r, codes))
	}
	var err error
	if !s.Terminal {
		var b strings.Builder
		if err = writeRow(w, &b, head, widths); err != nil {
			return err
		}
		for r, codes := range rows {
			if err = writeRow(w, &b, cells(r, codes), widths); err != nil {
				break
			}
		}
		return err
	}
	fixed := tw.CellWidth{PerColumn: tw.NewMapper[int, int]()}
	for j, n := range widths {
		fixed.PerColumn.Set(j, n+2) // a space of padding each side
	}
	tbl := tablewriter.NewTable(w, append(boxOptions(s), tablewriter.WithStreaming(tw.StreamConfig{Enable: true}), tablewriter.WithWidths(fixed))...)
	if err = tbl.Start(); err != nil {
		return err
	}
	tbl.Header(head)
	for r, codes := range rows {
		if err = tbl.Append(cells(r, codes)); err != nil {
			break
		}
	}
	if cerr := tbl.Close(); err == nil {
		err = cerr
	}
	return err
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
	widths := make([]int, len(header))
	measure := func(r []string) {
		for j, c := range r {
			if j < len(widths) {
				widths[j] = max(widths[j], runewidth.StringWidth(stripANSI(c)))
			}
		}
	}
	safeRow := func(r []string) []string {
		out := make([]string, len(r))
		for j, c := range r {
			out[j] = safe.Term(c)
		}
		return out
	}
	measure(safeRow(header))
	for r := range rows {
		measure(safeRow(r))
	}
	var b strings.Builder
	if err := writeRow(w, &b, safeRow(header), widths); err != nil {
		return err
	}
	var err error
	for r := range rows {
		if err = writeRow(w, &b, safeRow(r), widths); err != nil {
			break
		}
	}
	return err
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
