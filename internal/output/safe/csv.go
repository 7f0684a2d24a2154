package safe

import (
	"encoding/csv"
	"io"
	"regexp"
)

// CSVCell makes one cell inert in a spreadsheet, as OWASP recommends for CSV injection: a cell
// that begins with = + - @, a tab or a carriage return is one Excel, LibreOffice and Google
// Sheets would run as a formula (=HYPERLINK(...), +cmd|' /C calc'!A0, @SUM(...)), so it is
// prefixed with a single quote, which the spreadsheet shows as text and does not display. A
// plain number (-3, +2.5) cannot be a formula and is left as it is, so counts and days stay
// numbers. Quoting the cell (the other half of OWASP's advice) is the csv package's job.
func CSVCell(s string) string {
	if s == "" || !formulaStart(s[0]) || number.MatchString(s) {
		return s
	}
	return "'" + s
}

func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

var number = regexp.MustCompile(`^[-+]?[0-9]+(\.[0-9]+)?$`)

// CSVWriter is a csv.Writer that passes every cell through CSVCell, so that no column is
// forgotten when one is added.
type CSVWriter struct{ w *csv.Writer }

// NewCSVWriter writes CSV records to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{csv.NewWriter(w)} }

// Write writes one record, each cell made inert.
func (c *CSVWriter) Write(record []string) error {
	out := make([]string, len(record))
	for i, s := range record {
		out[i] = CSVCell(s)
	}
	return c.w.Write(out)
}

// Flush writes any buffered data.
func (c *CSVWriter) Flush() { c.w.Flush() }

// Error reports an error from a previous Write or Flush.
func (c *CSVWriter) Error() error { return c.w.Error() }
