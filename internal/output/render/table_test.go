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
