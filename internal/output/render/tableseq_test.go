package render

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// WriteTableSeq draws, to the byte, the table WriteTable draws of the same cells: into a file
// and on a terminal (boxed, in box-drawing characters or ASCII), with and without colour, over
// random tables of cells that are empty, padded with spaces, wide (CJK, emoji), combining, or
// hold control characters and escape sequences (shown, not obeyed).
func TestWriteTableSeqSameBytes(t *testing.T) {
	parts := []string{"", "a", "EX-BK-0001", " pad ", "Thu 3 Dec 2026", "日本語", "👩‍👧", "é", "e\u0301", "\x1b[31mred\x1b[0m", "tab\there", "new\nline", "\u202eevil", "booked after the due date; moved from Thu 26 Nov 2026", "  ", "ß", "Ａ"}
	rng := rand.New(rand.NewPCG(1, 21))
	cell := func() string {
		var b strings.Builder
		for range rng.IntN(3) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		return b.String()
	}
	styles := []Style{{}, {Color: true}, {Terminal: true}, {Terminal: true, ASCII: true}, {Terminal: true, Color: true}}
	for n := range 400 {
		cols := 1 + rng.IntN(8)
		header := make([]string, cols)
		for j := range header {
			header[j] = []string{"Booked", "Case", "Would meet", "Child", "Note", "Nö", "日付"}[rng.IntN(7)]
		}
		rows := make([][]string, rng.IntN(6))
		for i := range rows {
			rows[i] = make([]string, cols)
			for j := range rows[i] {
				rows[i][j] = cell()
			}
		}
		colors := [][]string{}
		for range rows {
			c := make([]string, cols)
			for j := range c {
				c[j] = []string{"", "", "33", "1;31"}[rng.IntN(4)]
			}
			colors = append(colors, c)
		}
		tbl := Table{Header: header, Rows: rows, Color: func(r, c int) string { return colors[r][c] }}
		for _, s := range styles {
			var want, got bytes.Buffer
			if err := WriteTable(&want, tbl, s); err != nil {
				t.Fatal(err)
			}
			seq := func(yield func([]string, []string) bool) {
				for i, r := range rows {
					if !yield(slices.Clone(r), colors[i]) {
						return
					}
				}
			}
			if err := WriteTableSeq(&got, header, seq, s); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Fatalf("table %d, %+v:\n%q\nwant\n%q", n, s, got.String(), want.String())
			}
		}
	}
}
