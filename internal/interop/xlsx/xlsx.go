// Package xlsx writes a one-sheet Office Open XML workbook (.xlsx) with the standard library:
// text cells, whole numbers and real date cells. It is all the Annex A export needs, and it keeps
// the binary free of the networking packages a full spreadsheet library links (cpcase never
// talks to the network). The tests open what it writes with github.com/xuri/excelize/v2.
package xlsx

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cpcase/cpcase/internal/dates/civil"
)

// Cell is one cell: text, a whole number or a date; the zero Cell is blank.
type Cell struct {
	Text   string
	Number int
	IsNum  bool
	Date   civil.Date
}

// Text is a text cell ("" is blank).
func Text(s string) Cell { return Cell{Text: s} }

// Number is a whole-number cell.
func Number(n int) Cell { return Cell{Number: n, IsNum: true} }

// Date is a date cell shown dd/mm/yyyy (zero is blank).
func Date(d civil.Date) Cell { return Cell{Date: d} }

// epoch is day 0 of spreadsheet date serials (1900 date system, as Excel counts past its 1900
// leap-year slip).
var epoch = civil.New(1899, time.December, 30)

// modified is the time written into the file's zip entries and properties, fixed so that the
// same rows make the same bytes.
var modified = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes a workbook of one sheet: a bold header row, then the rows.
func Write(w io.Writer, sheet string, header []string, rows [][]Cell) error {
	x, err := NewWriter(w, sheet, header)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := x.Row(r); err != nil {
			return err
		}
	}
	return x.Close()
}

// Writer writes a workbook of one sheet a row at a time, straight into the zip stream, so that
// a sheet of any length is written in the memory of one row. The bytes are those of Write.
type Writer struct {
	z   *zip.Writer
	b   *bufio.Writer // the sheet's entry
	n   int           // the last row number written
	err error
}

// NewWriter starts the workbook on w: every part but the sheet, then the sheet's header row.
func NewWriter(w io.Writer, sheet string, header []string) (*Writer, error) {
	z := zip.NewWriter(w)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"xl/workbook.xml", fmt.Sprintf(workbook, attr(sheetName(sheet)))},
		{"xl/_rels/workbook.xml.rels", workbookRels},
		{"xl/styles.xml", styles},
	}
	create := func(name string) (io.Writer, error) {
		return z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	}
	for _, f := range files {
		fw, err := create(f.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return nil, err
		}
	}
	fw, err := create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, err
	}
	x := &Writer{z: z, b: bufio.NewWriterSize(fw, 64<<10)}
	x.b.WriteString(xml.Header)
	x.b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if len(header) > 0 {
		fmt.Fprintf(x.b, `<cols><col min="1" max="%d" width="18" customWidth="1"/></cols>`, len(header))
	}
	x.b.WriteString(`<sheetData>`)
	x.n = 1 // the first data row is row 2, with or without a header
	if len(header) > 0 {
		hs := make([]Cell, len(header))
		for i, h := range header {
			hs[i] = Text(h)
		}
		x.write(1, hs, ` s="2"`)
	}
	return x, nil
}

// Row writes the next row.
func (x *Writer) Row(cells []Cell) error {
	x.n++
	x.write(x.n, cells, "")
	return x.err
}

func (x *Writer) write(n int, cells []Cell, style string) {
	if x.err != nil {
		return
	}
	b := x.b
	fmt.Fprintf(b, `<row r="%d">`, n)
	for i, c := range cells {
		ref := column(i) + fmt.Sprint(n)
		switch {
		case c.IsNum:
			fmt.Fprintf(b, `<c r="%s"%s><v>%d</v></c>`, ref, style, c.Number)
		case !c.Date.IsZero():
			fmt.Fprintf(b, `<c r="%s" s="1"><v>%d</v></c>`, ref, c.Date.Sub(epoch))
		case c.Text != "":
			// Inline text is text: a leading = is shown, never calculated.
			fmt.Fprintf(b, `<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, style, attr(c.Text))
		}
	}
	_, x.err = b.WriteString(`</row>`)
}

// Close ends the sheet and the workbook.
func (x *Writer) Close() error {
	if x.err != nil {
		return x.err
	}
	x.b.WriteString(`</sheetData></worksheet>`)
	if err := x.b.Flush(); err != nil {
		return err
	}
	return x.z.Close()
}

// sheetName is a valid sheet name: at most 31 characters, none of : \ / ? * [ ].
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" {
		s = "Sheet1"
	}
	return s
}

func attr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writing to a strings.Builder does not fail
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}

func column(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
	`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
	`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
	`</Types>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`</Relationships>`

const workbook = xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
	`<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>`

const workbookRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

// styles: 0 plain, 1 a date shown dd/mm/yyyy, 2 bold (the header).
const styles = xml.Header + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`
