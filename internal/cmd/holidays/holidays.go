// Package holidays is `cpcase holidays`: a year's non-working days, or the date a timescale ends.
package holidays

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/calendar"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/render"
)

// Options are what `cpcase holidays` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date

	Jurisdiction string
	Year         int
	Format       string
	Add          string
	From         string
	Counting     string
	Closures     []string
	Given        map[string]bool // the flags given, by name
}

// NewCmdHolidays builds the command; runF, when not nil, runs instead of Run.
func NewCmdHolidays(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today}
	cmd := &cobra.Command{
		Use:   "holidays --jurisdiction J [--year Y] | --add DURATION --from DATE",
		Short: "List a year's bank holidays, or count a timescale from a date",
		Long: `holidays lists the non-working days of a year in one jurisdiction: its bank holidays (weekend
substitute days included) and any --closure dates. Jurisdictions, as GOV.UK names them:
` + strings.Join(calendar.Jurisdictions(), ", ") + `. The year defaults to the current one in the UK.

With --add it prints the date a timescale ends instead: the day something due that long after
--from is last on time. Durations are "10 working days", "15 days", "6 weeks", "2 months".
--counting day-0 (the default) does not count --from itself; day-1 counts it as day 1, as the
DfE census validator does. A working day is Monday to Friday, not a bank holiday and not a closure.`,
		Example: `  cpcase holidays --jurisdiction england-and-wales --year 2026
  cpcase holidays --jurisdiction scotland --format json
  cpcase holidays --jurisdiction england-and-wales --add "10 working days" --from 2026-10-01
  cpcase holidays --jurisdiction northern-ireland --add "15 working days" --from 2026-07-01 --counting day-1
  cpcase holidays --jurisdiction england-and-wales --closure 2026-12-29 --closure 2026-12-30 --year 2026`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return cmdutil.Usagef("holidays takes no arguments, got %q", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Given = map[string]bool{}
			cmd.Flags().Visit(func(fl *pflag.Flag) { o.Given[fl.Name] = true })
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Jurisdiction, "jurisdiction", "", "england-and-wales, northern-ireland or scotland")
	fl.IntVar(&o.Year, "year", 0, "year to list (default: this year)")
	fl.StringVar(&o.Format, "format", "table", "output format: table or json")
	fl.StringVar(&o.Add, "add", "", `duration to count from --from, e.g. "10 working days"`)
	fl.StringVar(&o.From, "from", "", "date to count --add from (YYYY-MM-DD)")
	fl.StringVar(&o.Counting, "counting", "day-0", "with --add: day-0 (--from is not counted) or day-1 (--from is day 1)")
	fl.StringArrayVar(&o.Closures, "closure", nil, "extra non-working date (YYYY-MM-DD), repeatable")
	return cmd
}

// Run is `cpcase holidays`.
func Run(o *Options) error {
	if o.Format != "table" && o.Format != "json" {
		return cmdutil.Usagef("--format: unknown format %q (expected table or json)", o.Format)
	}
	adding := o.Given["add"]
	switch {
	case adding && o.Given["year"]:
		return cmdutil.Usagef("--year lists holidays; it cannot be used with --add")
	case !adding && o.Given["from"]:
		return cmdutil.Usagef("--from needs --add")
	case !adding && o.Given["counting"]:
		return cmdutil.Usagef("--counting needs --add")
	}
	var closures []calendar.Holiday
	for _, s := range o.Closures {
		d, err := civil.Parse(s)
		if err != nil {
			return cmdutil.Usagef("--closure: %v", err)
		}
		closures = append(closures, calendar.Holiday{Date: d, Name: "Local closure"})
	}
	var cal *calendar.Calendar
	if o.Jurisdiction != "" || o.Given["jurisdiction"] {
		c, err := calendar.New(o.Jurisdiction, closures)
		if err != nil {
			return cmdutil.Usagef("--jurisdiction: %v", err)
		}
		cal = c
	}
	out := o.IO.Out
	if adding {
		return holidaysAdd(out, *o, cal)
	}
	if cal == nil {
		return cmdutil.Usagef("--jurisdiction is required (%s)", holidaysOr(calendar.Jurisdictions()))
	}
	year := o.Year
	if !o.Given["year"] {
		year = o.Today().Year()
	}
	if year < 1 || year > 9999 {
		return cmdutil.Usagef("--year: %d is not a year (expected 1 to 9999)", year)
	}
	return holidaysList(out, cal.NonWorking(year), o.Format, render.Style{Terminal: o.IO.IsStdoutTTY(), ASCII: o.IO.ASCIIBorders()})
}

func holidaysAdd(out io.Writer, o Options, cal *calendar.Calendar) error {
	dur, err := duration.Parse(o.Add)
	if err != nil {
		return cmdutil.Usagef("--add: %v", err)
	}
	if o.From == "" {
		return cmdutil.Usagef("--add needs --from DATE")
	}
	from, err := civil.Parse(o.From)
	if err != nil {
		return cmdutil.Usagef("--from: %v", err)
	}
	counting, err := duration.ParseCounting(o.Counting)
	if err != nil {
		return cmdutil.Usagef("--counting: %v", err)
	}
	if dur.Unit == duration.WorkingDays && cal == nil {
		return cmdutil.Usagef("--jurisdiction is required to count working days (%s)", holidaysOr(calendar.Jurisdictions()))
	}
	due := dur.After(from, cal, counting)
	if due.IsZero() || due.Year() > 9999 {
		return cmdutil.Usagef("--add: %s from %s is past the year 9999", dur, from)
	}
	if o.Format == "json" {
		return holidaysJSON(out, struct {
			From civil.Date `json:"from"`
			Add  string     `json:"add"`
			Date civil.Date `json:"date"`
		}{from, dur.String(), due})
	}
	_, err = fmt.Fprintln(out, due)
	return err
}

func holidaysList(out io.Writer, hs []calendar.Holiday, format string, style render.Style) error {
	if format == "json" {
		type row struct {
			Date civil.Date `json:"date"`
			Name string     `json:"name"`
		}
		rows := make([]row, 0, len(hs))
		for _, h := range hs {
			rows = append(rows, row{h.Date, h.Name})
		}
		return holidaysJSON(out, rows)
	}
	t := render.Table{Header: []string{"date", "weekday", "name"}}
	for _, h := range hs {
		t.Rows = append(t.Rows, []string{h.Date.String(), h.Date.Weekday().String(), h.Name})
	}
	return render.WriteTable(out, t, style)
}

// holidaysJSON indents by two spaces and ends with a newline; names keep their ’ and &.
func holidaysJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// holidaysOr is "a, b or c".
func holidaysOr(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
