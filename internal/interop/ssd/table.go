package ssd

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/cpcase/cpcase/internal/diag"
)

// maxTableSize bounds one extract file: an authority's CP tables are a few megabytes.
const maxTableSize = 256 << 20

// table is one SSD table read from its CSV file, headed with the SSD field names.
type table struct {
	name   string // ssd_cp_visits
	file   string // the path, for messages
	cols   map[string]int
	header []string
	rows   []row
	notes  *diag.List // refusals: file, line, column
}

// row is one data row of a table.
type row struct {
	t      *table
	n      int // 1-based data row (the header is row 0)
	line   int // the line of the file it starts on
	fields []string
	cols   []int // the column (character) each field starts at
}

// readTable reads DIR/name.csv. A missing file is (nil, nil): the table is not held.
func readTable(dir, name string, notes *diag.List) (*table, error) {
	path := filepath.Join(dir, name+".csv")
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if info.Size() > maxTableSize {
		return nil, fmt.Errorf("%s is larger than %d MiB; split the extract", path, maxTableSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseTable(path, name, data, notes), nil
}

// parseTable reads a table from its CSV text; what cannot be read is refused in notes.
func parseTable(path, name string, data []byte, notes *diag.List) *table {
	t := &table{name: name, file: path, cols: map[string]int{}, notes: notes}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		notes.Add(path, line, 0, "the file is not UTF-8 text; save the extract as UTF-8 CSV")
		return t
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	for n := 0; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				notes.Add(path, pe.Line, pe.Column, "the CSV does not parse: %v", pe.Err)
			} else {
				notes.Add(path, 0, 0, "the CSV does not parse: %v", err)
			}
			return t
		}
		line, _ := r.FieldPos(0)
		if n == 0 {
			for i, h := range rec {
				h = strings.ToLower(strings.TrimSpace(h))
				if _, dup := t.cols[h]; dup && h != "" {
					_, col := r.FieldPos(i)
					notes.Add(path, line, col, "column %s is named twice in the header", h)
				}
				t.cols[h] = i
				t.header = append(t.header, h)
			}
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		rw := row{t: t, n: n, line: line, fields: rec}
		for i := range rec {
			_, col := r.FieldPos(i)
			rw.cols = append(rw.cols, col)
		}
		t.rows = append(t.rows, rw)
	}
	return t
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// has reports whether the table holds the column.
func (t *table) has(col string) bool {
	if t == nil {
		return false
	}
	_, ok := t.cols[col]
	return ok
}

// require refuses a table that lacks any of the columns.
func (t *table) require(cols ...string) bool {
	ok := true
	for _, c := range cols {
		if !t.has(c) {
			t.notes.Add(t.file, 1, 1, "missing column %s (the header names: %s)", c, strings.Join(t.header, ", "))
			ok = false
		}
	}
	return ok
}

// get is the trimmed value of the row's column; "" when the column or the value is absent.
func (r row) get(col string) string {
	i, ok := r.t.cols[col]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// refuse records a value that cannot be read, naming the file, row and column.
func (r row) refuse(col, format string, args ...any) {
	c := 0
	if i, ok := r.t.cols[col]; ok && i < len(r.cols) {
		c = r.cols[i]
	}
	r.t.notes.Add(r.t.file, r.line, c, "row %d, column %s: %s", r.n, col, fmt.Sprintf(format, args...))
}

// at names the row for the reconcile report: file:line (row n).
func (r row) at() string { return fmt.Sprintf("%s:%d (row %d)", filepath.Base(r.t.file), r.line, r.n) }
