package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/dates/calendar"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/output/render"
)

func init() { register(newHolidaysCmd) }

type holidaysOpts struct {
	jurisdiction string
	year         int
	format       string
	add          string
	from         string
	counting     string
	closures     []string
}

func newHolidaysCmd() *cobra.Command {
	var o holidaysOpts
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
				return usagef("holidays takes no arguments, got %q", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHolidays(cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.jurisdiction, "jurisdiction", "", "england-and-wales, northern-ireland or scotland")
	f.IntVar(&o.year, "year", 0, "year to list (default: this year)")
	f.StringVar(&o.format, "format", "table", "output format: table or json")
	f.StringVar(&o.add, "add", "", `duration to count from --from, e.g. "10 working days"`)
	f.StringVar(&o.from, "from", "", "date to count --add from (YYYY-MM-DD)")
	f.StringVar(&o.counting, "counting", "day-0", "with --add: day-0 (--from is not counted) or day-1 (--from is day 1)")
	f.StringArrayVar(&o.closures, "closure", nil, "extra non-working date (YYYY-MM-DD), repeatable")
	return cmd
}

func runHolidays(cmd *cobra.Command, o holidaysOpts) error {
	if o.format != "table" && o.format != "json" {
		return usagef("--format: unknown format %q (expected table or json)", o.format)
	}
	flags := cmd.Flags()
	adding := flags.Changed("add")
	switch {
	case adding && flags.Changed("year"):
		return usagef("--year lists holidays; it cannot be used with --add")
	case !adding && flags.Changed("from"):
		return usagef("--from needs --add")
	case !adding && flags.Changed("counting"):
		return usagef("--counting needs --add")
	}
	var closures []calendar.Holiday
	for _, s := range o.closures {
		d, err := civil.Parse(s)
		if err != nil {
			return usagef("--closure: %v", err)
		}
		closures = append(closures, calendar.Holiday{Date: d, Name: "Local closure"})
	}
	var cal *calendar.Calendar
	if o.jurisdiction != "" || flags.Changed("jurisdiction") {
		c, err := calendar.New(o.jurisdiction, closures)
		if err != nil {
			return usagef("--jurisdiction: %v", err)
		}
		cal = c
	}
	out := cmd.OutOrStdout()
	if adding {
		return holidaysAdd(out, o, cal)
	}
	if cal == nil {
		return usagef("--jurisdiction is required (%s)", holidaysOr(calendar.Jurisdictions()))
	}
	year := o.year
	if !flags.Changed("year") {
		year = today().Year()
	}
	if year < 1 || year > 9999 {
		return usagef("--year: %d is not a year (expected 1 to 9999)", year)
	}
	return holidaysList(out, cal.NonWorking(year), o.format)
}

func holidaysAdd(out io.Writer, o holidaysOpts, cal *calendar.Calendar) error {
	dur, err := duration.Parse(o.add)
	if err != nil {
		return usagef("--add: %v", err)
	}
	if o.from == "" {
		return usagef("--add needs --from DATE")
	}
	from, err := civil.Parse(o.from)
	if err != nil {
		return usagef("--from: %v", err)
	}
	counting, err := duration.ParseCounting(o.counting)
	if err != nil {
		return usagef("--counting: %v", err)
	}
	if dur.Unit == duration.WorkingDays && cal == nil {
		return usagef("--jurisdiction is required to count working days (%s)", holidaysOr(calendar.Jurisdictions()))
	}
	due := dur.After(from, cal, counting)
	if due.IsZero() || due.Year() > 9999 {
		return usagef("--add: %s from %s is past the year 9999", dur, from)
	}
	if o.format == "json" {
		return holidaysJSON(out, struct {
			From civil.Date `json:"from"`
			Add  string     `json:"add"`
			Date civil.Date `json:"date"`
		}{from, dur.String(), due})
	}
	_, err = fmt.Fprintln(out, due)
	return err
}

func holidaysList(out io.Writer, hs []calendar.Holiday, format string) error {
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
	return render.WriteTable(out, t, render.Style{Terminal: isTerminal(out)})
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
