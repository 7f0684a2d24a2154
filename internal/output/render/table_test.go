package render

import (
	"bytes"
	"strings"
	"testing"
)

// TestTableBorders: a boxed table is drawn in box-drawing characters, or, for a console that
// cannot show them (iostreams decides), in plain ASCII with nothing else changed.
func TestTableBorders(t *testing.T) {
	tbl := Table{Header: []string{"case", "due"}, Rows: [][]string{{"NR-1", "2026-11-23"}}}
	var box, ascii bytes.Buffer
	if err := WriteTable(&box, tbl, Style{Terminal: true}); err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(&ascii, tbl, Style{Terminal: true, ASCII: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.ContainsRune(box.String(), '│') {
		t.Errorf("boxed table without box-drawing characters:\n%s", box.String())
	}
	want := `+------+------------+
| case | due        |
+------+------------+
| NR-1 | 2026-11-23 |
+------+------------+
`
	if ascii.String() != want {
		t.Errorf("ASCII table:\n%s\nwant\n%s", ascii.String(), want)
	}
	for _, r := range ascii.String() {
		if r > 0x7e && r != '\n' {
			t.Fatalf("ASCII table holds %q", r)
		}
	}
}

// TestWritePlainSeq: reading the rows twice gives the bytes of the plain table held whole, with
// every cell made inert the same way (an escape from a case file, a wide character, a short row).
func TestWritePlainSeq(t *testing.T) {
	header := []string{"Case", "Change", "Behind it"}
	rows := [][]string{
		{"NR-1", "overdue", "no record changed"},
		{"NR-22\x1b[31m", "met", "ab12cd3 of 20 Nov: visits.yaml"},
		{"受付-3", "moved"},
	}
	var whole, seq bytes.Buffer
	if err := WriteTable(&whole, Table{Header: header, Rows: rows}, Style{}); err != nil {
		t.Fatal(err)
	}
	reads := 0
	err := WritePlainSeq(&seq, header, func(yield func([]string) bool) {
		reads++
		for _, r := range rows {
			if !yield(r) {
				return
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if seq.String() != whole.String() || reads != 2 {
		t.Errorf("read %d times:\n%s\nwant (WriteTable):\n%s", reads, seq.String(), whole.String())
	}
	if strings.Contains(seq.String(), "\x1b") {
		t.Errorf("an escape from a cell reached the output: %q", seq.String())
	}
}

// TestWriteTableSeq: the boxed table streamed at widths measured in a first read is the bytes
// tablewriter draws of the table held whole, in every style: box-drawing or ASCII, coloured or
// not, on a terminal or into a file; with an escape from a case file, wide characters, a cell
// on two lines, empty cells, a short row, and no rows at all.
func TestWriteTableSeq(t *testing.T) {
	header := []string{"Case", "Change", "Obligation", "Behind it"}
	rows := [][]string{
		{"NR-1", "overdue", "Child seen (child a, since 2026-11-05)", "no record changed: the due date passed"},
		{"NR-22\x1b[31m", "met", "", "ab12cd3ef456 2026-11-20 Ann: Visit"},
		{"受付-3", "moved", "二行\nof text", ""},
		{"NR-4", "", "", ""},
		{"NR-5", "appeared"},
		{" NR-6 ", "  padded  ", "tab\there", "é (e and an accent: e\u0301)"},
	}
	colors := func(i int) []string {
		if i%2 == 0 {
			return []string{"", "1;31", "", "33"}
		}
		return nil
	}
	for _, n := range []int{len(rows), 1, 0} {
		for _, s := range []Style{{Terminal: true}, {Terminal: true, Color: true}, {Terminal: true, ASCII: true}, {Color: true}, {}} {
			tbl := Table{Header: header, Rows: rows[:n], Color: func(row, col int) string {
				if c := colors(row); col < len(c) {
					return c[col]
				}
				return ""
			}}
			var whole, seq bytes.Buffer
			if err := WriteTable(&whole, tbl, s); err != nil {
				t.Fatal(err)
			}
			reads := 0
			err := WriteTableSeq(&seq, header, func(yield func(cells, colors []string) bool) {
				reads++
				for i, r := range rows[:n] {
					if !yield(r, colors(i)) {
						return
					}
				}
			}, s)
			if err != nil {
				t.Fatal(err)
			}
			if seq.String() != whole.String() || reads != 2 {
				t.Errorf("%d rows, %+v: read %d times:\n%s\nwant (WriteTable):\n%s", n, s, reads, seq.String(), whole.String())
			}
		}
	}
}
