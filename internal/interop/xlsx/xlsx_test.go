package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cpcase/cpcase/internal/dates/civil"
)

// A spreadsheet library opens what Write writes: text as text (a leading = too), numbers as
// numbers, dates as real dates.
func TestOpensInASpreadsheetLibrary(t *testing.T) {
	var buf bytes.Buffer
	rows := [][]Cell{
		{Text("100010"), Date(civil.MustParse("2024-10-18")), Number(7), Text("=HYPERLINK(\"x\")"), {}, Text("a & <b>")},
		{Text("z"), Date(civil.MustParse("1900-03-01")), Number(0)},
	}
	if err := Write(&buf, "List 7", []string{"Child Unique ID", "Start", "Age", "Note", "Blank", "Esc"}, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "List 7" {
		t.Fatalf("sheets %v", got)
	}
	want := map[string]string{"A1": "Child Unique ID", "A2": "100010", "B2": "18/10/2024", "C2": "7", "D2": `=HYPERLINK("x")`, "E2": "",
		"F2": "a & <b>", "B3": "01/03/1900", "C3": "0"}
	for cell, w := range want {
		if got, err := f.GetCellValue("List 7", cell); err != nil || got != w {
			t.Errorf("%s = %q (%v), want %q", cell, got, err, w)
		}
	}
	for cell, w := range map[string]excelize.CellType{"B2": excelize.CellTypeUnset, "C2": excelize.CellTypeUnset, "D2": excelize.CellTypeInlineString} {
		if got, _ := f.GetCellType("List 7", cell); got != w {
			t.Errorf("type of %s = %v, want %v", cell, got, w)
		}
	}
	if formula, _ := f.GetCellFormula("List 7", "D2"); formula != "" {
		t.Errorf("D2 holds a formula %q; text must stay text", formula)
	}
	// The date cell is a serial number with a date format: its raw value is the day count.
	if raw, _ := f.GetCellValue("List 7", "B2", excelize.Options{RawCellValue: true}); raw != "45583" {
		t.Errorf("raw B2 = %s, want 45583 (2024-10-18 as a serial)", raw)
	}
	style, _ := f.GetCellStyle("List 7", "B2")
	st, err := f.GetStyle(style)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "dd/mm/yyyy" {
		t.Errorf("B2 style %+v (%v), want the date format dd/mm/yyyy", st, err)
	}
}

func TestSameRowsSameBytes(t *testing.T) {
	var a, b bytes.Buffer
	rows := [][]Cell{{Text("x"), Date(civil.MustParse("2026-11-23"))}}
	if err := Write(&a, "S", nil, rows); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, "S", nil, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same rows differ")
	}
}

func TestColumnsAndSheetNames(t *testing.T) {
	for i, w := range map[int]string{0: "A", 25: "Z", 26: "AA", 16: "Q", 701: "ZZ", 702: "AAA"} {
		if got := column(i); got != w {
			t.Errorf("column(%d) = %s, want %s", i, got, w)
		}
	}
	if got := sheetName("a/b:c[d]*?"); got != "a-b-c-d---" {
		t.Errorf("sheetName = %q", got)
	}
	if got := sheetName("0123456789012345678901234567890123"); len(got) != 31 {
		t.Errorf("sheetName kept %d characters", len(got))
	}
}
