// Package agenda is `cpcase agenda`: the weeks ahead for conference administrators, chairs and
// business support.
package agenda

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/atrev"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/cmd/due"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/agenda"
	"github.com/cpcase/cpcase/internal/output/filter"
	"github.com/cpcase/cpcase/internal/output/ics"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/speed"
)

// Options are what `cpcase agenda` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date
	Now   func() time.Time
	GC    *speed.GCFloor

	Paths     []string
	Policy    string
	AsOf      string
	Days      int
	Format    string
	Names     bool
	Redact    bool
	Cancelled string
	Since     string // with --format ics: also cancel what the agenda of the folders at this revision held
	Filter    filter.Filter
}

// NewCmdAgenda builds the command; runF, when not nil, runs instead of Run.
func NewCmdAgenda(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, Now: f.Now, GC: f.GC}
	cmd := &cobra.Command{
		Use:   "agenda [PATH...]",
		Short: "Show what is booked in the weeks ahead, whether in time, and what is due with no booking",
		Long: `Agenda is the weeks ahead for conference administrators, chairs and business support. Over
the next --days days (default 28) it lists:

  - every booked conference, core group and child's plan meeting, in date order, with the
    obligation it would meet and that obligation's due date, marked "booked after the due
    date" when it is later (a foreseeable breach); a later booking of an obligation due in
    the window is listed too;
  - every obligation a meeting or conference would meet that falls due by the end of the
    window (overdue ones first) and has no booking at all.

The filters of cpcase due apply (--worker, --team, --case, --child, --rule, --status) to
the obligation of each row; a booking that meets no obligation yet is left out by --child,
--rule and --status.

Children are shown by id; --names puts names in (with --format ics the warning of
cpcase due --names applies). --format ics writes a calendar that stays true when imported
again: an obligation keeps its event when it is booked or its booking moves, and what was
met within --cancelled comes as a cancelled event; --since REV also cancels what the agenda
of the folders at a git revision held that this one does not. See docs/calendar-export.md.

Exit status: 0 done, 1 some case folders could not be read (named on standard error),
2 usage or I/O error.`,
		Example: `  cpcase agenda cases
  cpcase agenda examples --as-of 2026-11-23
  cpcase agenda cases --days 42 --format csv > agenda.csv
  cpcase agenda cases --format ics > agenda.ics`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Policy, "policy", "", "policy id or file for every case (default: each case's policy: key)")
	fl.StringVar(&o.AsOf, "as-of", "", "the date to look ahead from, YYYY-MM-DD (default: today in Europe/London)")
	fl.IntVar(&o.Days, "days", agenda.DefaultDays, "how many days ahead to look")
	fl.StringVar(&o.Format, "format", "table", "output format: table, json, csv or ics (iCalendar)")
	fl.BoolVar(&o.Names, "names", false, "children's names instead of their ids (WARNING: identifiable data about children; in a calendar, on every device it syncs to)")
	fl.BoolVar(&o.Redact, "redact", false, "children's initials instead of their ids")
	filter.Bind(fl, &o.Filter)
	fl.StringVar(&o.Since, "since", "", "with --format ics: also cancel what the agenda of the case folders at this git revision (or the last commit before a date YYYY-MM-DD) held that this one does not (a booking moved that meets nothing yet)")
	fl.StringVar(&o.Cancelled, "cancelled", due.DefaultCancelled, "with --format ics: carry obligations met within this time before the as-of date as cancelled events (\"0 days\": none)")
	return cmd
}

type caseRows struct{ rows, closed []agenda.Row }

// build is the agenda of every case of run: each case's result, and all rows and closed rows in
// order, children labelled as naming says.
func build(run app.Options, day civil.Date, days, window int, naming ics.Naming, f filter.Filter) ([]app.Result[caseRows], []agenda.Row, []agenda.Row, error) {
	cases, err := app.Each(run, func(c *app.Case) caseRows {
		if !f.KeepCase(c.Case.Ref, c.Case.Team) {
			return caseRows{}
		}
		rows, closed := agenda.Case(c.Case, c.Policy, agenda.Options{AsOf: day, Days: days}, window)
		if keep := due.Keep(f, c); keep != nil {
			// A booking that meets no obligation has no rule, child or status: only its case,
			// team and lead worker.
			probe := func(r agenda.Row) render.Item {
				it := render.Item{Obligation: r.Obligation()}
				it.Case, it.Team, it.Worker = r.Case, r.Team, r.Worker
				it.Staff = c.Case.StaffOf(r.Worker)
				return it
			}
			rows = slices.DeleteFunc(rows, func(r agenda.Row) bool { return !keep(probe(r), false) })
			closed = slices.DeleteFunc(closed, func(r agenda.Row) bool { return !keep(probe(r), true) })
		}
		for _, rs := range [][]agenda.Row{rows, closed} {
			for i := range rs {
				if rs[i].Child != "" && naming != ics.ByID {
					rs[i].ChildLabel = ics.ChildLabel(rs[i].Child, c.ChildName(rs[i].Child), naming)
				}
			}
		}
		return caseRows{rows, closed}
	})
	if err != nil {
		return nil, nil, nil, err
	}
	var rows, closed []agenda.Row
	for _, r := range cases {
		rows = append(rows, r.Value.rows...)
		closed = append(closed, r.Value.closed...)
	}
	agenda.Sort(rows)
	agenda.Sort(closed)
	return cases, rows, closed, nil
}

// since is --since REV: the cancellations of what the agenda calendar of the folders as they were
// at REV held and now (the new file's events) does not.
func since(o *Options, run app.Options, naming ics.Naming, now []ics.Event) ([]ics.Event, error) {
	old, day, err := due.OpenSince(o.Since, o.Paths)
	if err != nil {
		return nil, err
	}
	defer old.Close()
	run.Paths, run.AsOf, run.BornBy = old.Paths, day, max(run.BornBy, day)
	cases, rows, _, err := build(run, day, o.Days, 0, naming, o.Filter)
	if err != nil {
		return nil, err
	}
	atrev.Results(old, cases)
	have := map[string]bool{}
	for _, e := range now {
		have[e.UID] = true
	}
	return due.Gone(slices.Concat(due.NotChecked(due.Kept(cases, o.Filter), day), agenda.Events(rows, nil, day)), have), nil
}

// Run is `cpcase agenda`.
func Run(o *Options) error {
	day, err := cmdutil.AsOfDate(o.AsOf, o.Today)
	if err != nil {
		return err
	}
	switch o.Format {
	case "table", "json", "csv", "ics":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected table, json, csv or ics)", o.Format)
	}
	if o.Days < 1 || o.Days > 3660 {
		return cmdutil.Usagef("--days: %d is not a number of days from 1 to 3660", o.Days)
	}
	window := 0
	if o.Format == "ics" {
		if window, err = due.CancelWindow(o.Cancelled, day); err != nil {
			return err
		}
	} else if o.Cancelled != "" && o.Cancelled != due.DefaultCancelled {
		return cmdutil.Usagef("--cancelled: only with --format ics")
	} else if o.Since != "" {
		return cmdutil.Usagef("--since: only with --format ics")
	}
	naming, err := due.Naming(o.Names, o.Redact)
	if err != nil {
		return err
	}
	if err := o.Filter.Check(); err != nil {
		return cmdutil.Usagef("%v", err)
	}
	run := app.Options{Paths: o.Paths, AsOf: day, BornBy: max(day, o.Today()), Policy: o.Policy, NeedPolicy: true, Redact: o.Redact, GC: o.GC}
	cases, rows, closed, err := build(run, day, o.Days, window, naming, o.Filter)
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range cases {
		if r.Failed {
			failed++
		}
	}
	app.PrintDiags(o.IO.ErrOut, app.OnlyFailed(cases))
	notChecked := due.NotChecked(due.Kept(cases, o.Filter), day)
	var gone []ics.Event
	if o.Since != "" {
		if gone, err = since(o, run, naming, slices.Concat(notChecked, agenda.Events(rows, closed, day))); err != nil {
			return err
		}
	}
	if err := write(o, rows, closed, notChecked, gone, day, len(cases)-failed); err != nil {
		return err
	}
	if failed > 0 {
		them := "them"
		if failed == 1 {
			them = "it"
		}
		fmt.Fprintf(o.IO.ErrOut, "%s not read: fix the errors above; the agenda leaves %s out\n", cmdutil.PluralN(failed, "case"), them)
		return cmdutil.ErrFindings
	}
	return nil
}

func write(o *Options, rows, closed []agenda.Row, notChecked, gone []ics.Event, day civil.Date, read int) error {
	var out io.Writer = o.IO.Out
	var buf *bufio.Writer
	if !o.IO.IsStdoutTTY() {
		buf = bufio.NewWriterSize(out, 64<<10)
		out = buf
	}
	var err error
	switch o.Format {
	case "json":
		err = agenda.JSON(out, rows)
	case "csv":
		err = agenda.CSV(out, rows)
	case "ics":
		events := slices.Concat(notChecked, agenda.Events(rows, closed, day), gone)
		err = ics.WriteEvents(out, events, ics.Options{AsOf: day, Stamp: due.Stamp(o.AsOf, o.Now), Name: agenda.CalendarName})
	default:
		end := day.AddDays(o.Days)
		fmt.Fprintf(out, "As of %s (Europe/London): what is booked, and what falls due with no booking, by %s (%s).\n",
			render.DateText(day), render.DateText(end), cmdutil.PluralN(o.Days, "day"))
		if len(rows) == 0 {
			_, err = fmt.Fprintf(out, "Nothing booked or falling due in %s.\n", cmdutil.PluralN(read, "case"))
			break
		}
		style := render.Style{Terminal: o.IO.IsStdoutTTY(), Color: o.IO.ColorEnabled(), ASCII: o.IO.ASCIIBorders()}
		err = render.WriteTable(out, agenda.Table(rows, day), style)
		if err == nil {
			err = summary(out, rows)
		}
	}
	if err == nil && buf != nil {
		err = buf.Flush()
	}
	return err
}

// summary is the line under the table: how many bookings, how many of them late, how many
// obligations with none.
func summary(w io.Writer, rows []agenda.Row) error {
	booked, late, unbooked := 0, 0, 0
	for _, r := range rows {
		switch {
		case r.Booked.IsZero():
			unbooked++
		case r.Late:
			late++
			booked++
		default:
			booked++
		}
	}
	parts := []string{cmdutil.PluralN(booked, "booking"), fmt.Sprintf("%d after the due date", late), cmdutil.PluralN(unbooked, "obligation") + " with no booking"}
	_, err := fmt.Fprintln(w, strings.Join(parts, ", ")+".")
	return err
}
