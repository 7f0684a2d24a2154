package annexa

import (
	"fmt"
	"io"
	"strconv"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/interop/xlsx"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Format is how the list is written.
type Format string

// Formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// WriteList7 writes List 7 of the cases to w.
func WriteList7(w io.Writer, cases []Case, o Options, f Format) error {
	rows := List7(cases, o)
	switch f {
	case XLSX:
		return WriteXLSX(w, rows)
	case CSV, "":
		return WriteCSV(w, rows)
	}
	return fmt.Errorf("unknown format %q (csv or xlsx)", f)
}

// cells are a row's values as text, dates dd/MM/yyyy.
func (r Row) cells() []string {
	d := func(x civil.Date) string {
		if x.IsZero() {
			return ""
		}
		y, m, dd := x.Civil()
		return fmt.Sprintf("%02d/%02d/%04d", dd, int(m), y)
	}
	a := ""
	if r.HasAge {
		a = strconv.Itoa(r.Age)
	}
	return []string{r.ChildID, r.Gender, r.Ethnicity, d(r.Born), a, r.Disability, d(r.Start), r.Initial, r.Latest,
		d(r.LastVisit), r.SeenAlone, d(r.LastReview), d(r.End), r.Protected, strconv.Itoa(r.PreviousPlans), r.Team, r.Worker}
}

// WriteCSV writes the rows as CSV under the template's headers, every cell made inert for
// spreadsheets (a team named "=HYPERLINK(...)" is shown, not run).
func WriteCSV(w io.Writer, rows []Row) error {
	cw := safe.NewCSVWriter(w)
	if err := cw.Write(Headers); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r.cells()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SheetName is the worksheet List 7 is written to.
const SheetName = "List 7"

// WriteXLSX writes the rows as a workbook of one sheet: dates as date cells shown dd/mm/yyyy,
// the age and the number of plans as numbers, every other cell as text (never a formula).
func WriteXLSX(w io.Writer, rows []Row) error {
	x, err := xlsx.NewWriter(w, SheetName, Headers)
	if err != nil {
		return err
	}
	cells := make([]xlsx.Cell, 0, len(Headers))
	for _, r := range rows {
		t := r.cells()
		age := xlsx.Cell{}
		if r.HasAge {
			age = xlsx.Number(r.Age)
		}
		cells = append(cells[:0], xlsx.Text(t[0]), xlsx.Text(t[1]), xlsx.Text(t[2]), xlsx.Date(r.Born), age, xlsx.Text(t[5]),
			xlsx.Date(r.Start), xlsx.Text(t[7]), xlsx.Text(t[8]), xlsx.Date(r.LastVisit), xlsx.Text(t[10]), xlsx.Date(r.LastReview),
			xlsx.Date(r.End), xlsx.Text(t[13]), xlsx.Number(r.PreviousPlans), xlsx.Text(t[15]), xlsx.Text(t[16]))
		if err := x.Row(cells); err != nil {
			return err
		}
	}
	return x.Close()
}
