// Package agenda is `cpcase agenda`: the weeks ahead for conference administrators, chairs and
// business support.
package agenda

import (
	"bufio"
	"fmt"
	"io"
	"iter"
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

// each evaluates the agenda of every case of run and gives each case's rows and closed rows
// (filtered, children labelled as naming says) to take, whose value is the case's result.
func each[T any](run app.Options, day civil.Date, days, window int, naming ics.Naming, f filter.Filter, take func(c *app.Case, rows, closed []agenda.Row) T) ([]app.Result[T], error) {
	return app.Each(run, func(c *app.Case) T {
		if !f.KeepCase(c.Case.Ref, c.Case.Team) {
			var zero T
			return zero
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
		return take(c, rows, closed)
	})
}

// seq is the place of row i of the case at index in path order among rows of equal order.
func seq(index int) func(i int) uint64 {
	return func(i int) uint64 { return uint64(index)<<32 | uint64(uint32(i)) }
}

// budget is how many bytes of rows or events are held in memory before they are sorted in runs
// on disk (a row is some 600 bytes, an event some 800). The tests lower it to send every agenda
// through the disk.
var budget = 8 << 20

func gatherRows() *app.Gathered[agenda.Placed] {
	return app.Gather("the agenda", budget, agenda.ComparePlaced, agenda.PlacedCodec, (*agenda.Placed).Size, func(p *agenda.Placed) uint64 { return p.Seq })
}

func gatherEvents() *app.Gathered[agenda.Event] {
	return app.Gather("the agenda", budget, agenda.CompareEvents, agenda.EventCodec, (*agenda.Event).Size, func(e *agenda.Event) uint64 { return e.At.Seq })
}

// caseAgenda is what the run keeps of each case: the counts under the table, and with --since
// the UIDs of its events.
type caseAgenda struct {
	counts agenda.Counts
	uids   [][16]byte
}

// since is --since REV: the cancellations of what the agenda calendar of the folders as they were
// at REV held and now (have: the UIDs of this calendar's events) does not. They come in the old
// calendar's order: first its cases not checked (gone), then its events (removed, in a Spill, so
// that a revision where every UID differs is written in bounded memory too). Each is written
// once: have is only read while the old cases are evaluated, then gets the UIDs of gone here, and
// of removed as the caller writes them.
func since(o *Options, run app.Options, naming ics.Naming, have map[[16]byte]struct{}) (gone []ics.Event, removed *app.Gathered[agenda.Event], err error) {
	old, day, err := due.OpenSince(o.Since, o.Paths)
	if err != nil {
		return nil, nil, err
	}
	defer old.Close()
	run.Paths, run.AsOf, run.BornBy = old.Paths, day, max(run.BornBy, day)
	removed = gatherEvents()
	cases, err := each(run, day, o.Days, 0, naming, o.Filter, func(c *app.Case, rows, _ []agenda.Row) struct{} {
		var evs []agenda.Event
		for _, e := range agenda.CaseEvents(rows, nil, day, seq(c.Index)) {
			if _, ok := have[e.ID]; !ok {
				evs = append(evs, e)
			}
		}
		removed.Add(c, evs)
		return struct{}{}
	})
	if err != nil {
		removed.Close()
		return nil, nil, err
	}
	app.DropFailed(removed, cases)
	atrev.Results(old, cases)
	for _, e := range due.NotChecked(due.Kept(cases, o.Filter), day) {
		id, _ := ics.ParseUID(e.UID)
		if _, ok := have[id]; ok {
			continue
		}
		have[id] = struct{}{}
		gone = append(gone, goneEvent(e))
	}
	return gone, removed, nil
}

// goneEvent is the cancellation of event e of an older calendar that this one does not hold.
func goneEvent(e ics.Event) ics.Event {
	if g := due.Gone([]ics.Event{e}, map[string]bool{}); len(g) == 1 {
		return g[0]
	}
	return e
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
	if o.Format == "ics" {
		return runICS(o, run, day, window, naming)
	}
	rows := gatherRows()
	defer rows.Close()
	cases, err := each(run, day, o.Days, window, naming, o.Filter, func(c *app.Case, rs, _ []agenda.Row) caseAgenda {
		var v caseAgenda
		ps := make([]agenda.Placed, len(rs))
		at := seq(c.Index)
		for i := range rs {
			v.counts.Count(&rs[i])
			ps[i] = agenda.PlacedOf(rs[i], at(i))
		}
		rows.Add(c, ps)
		return v
	})
	if err != nil {
		return err
	}
	app.DropFailed(rows, cases)
	var counts agenda.Counts
	for _, r := range cases {
		counts = counts.Add(r.Value.counts)
	}
	failed := report(o, cases)
	if err := write(o, rows, counts, day, len(cases)-failed); err != nil {
		return err
	}
	return notRead(o, failed)
}

// report prints the findings of the cases that could not be read, and says how many.
func report[T any](o *Options, cases []app.Result[T]) (failed int) {
	for _, r := range cases {
		if r.Failed {
			failed++
		}
	}
	app.PrintDiags(o.IO.ErrOut, app.OnlyFailed(cases))
	return failed
}

// notRead says, last, how many cases the agenda leaves out.
func notRead(o *Options, failed int) error {
	if failed == 0 {
		return nil
	}
	them := "them"
	if failed == 1 {
		them = "it"
	}
	fmt.Fprintf(o.IO.ErrOut, "%s not read: fix the errors above; the agenda leaves %s out\n", cmdutil.PluralN(failed, "case"), them)
	return cmdutil.ErrFindings
}

// runICS is `cpcase agenda --format ics`. Each case's events (the event in words, and the place
// of its rows) are made as the case is evaluated and go to a Spill, sorted there in bounded memory
// and written from its merge; with --since the run keeps each event's UID as a 16-byte hash.
func runICS(o *Options, run app.Options, day civil.Date, window int, naming ics.Naming) error {
	events := gatherEvents()
	defer events.Close()
	cases, err := each(run, day, o.Days, window, naming, o.Filter, func(c *app.Case, rows, closed []agenda.Row) caseAgenda {
		var v caseAgenda
		evs := agenda.CaseEvents(rows, closed, day, seq(c.Index))
		if o.Since != "" {
			for i := range evs {
				v.uids = append(v.uids, evs[i].ID)
			}
		}
		events.Add(c, evs)
		return v
	})
	if err != nil {
		return err
	}
	app.DropFailed(events, cases)
	failed := report(o, cases)
	notChecked := due.NotChecked(due.Kept(cases, o.Filter), day)
	var gone []ics.Event
	var removed *app.Gathered[agenda.Event]
	var have map[[16]byte]struct{}
	if o.Since != "" {
		have = map[[16]byte]struct{}{}
		for _, e := range notChecked {
			id, _ := ics.ParseUID(e.UID)
			have[id] = struct{}{}
		}
		for i := range cases {
			for _, id := range cases[i].Value.uids {
				have[id] = struct{}{}
			}
			cases[i].Value.uids = nil
		}
		if gone, removed, err = since(o, run, naming, have); err != nil {
			return err
		}
		defer removed.Close()
	}
	if err := writeCalendar(o, day, notChecked, events, gone, removed, have); err != nil {
		return err
	}
	return notRead(o, failed)
}

// writeCalendar writes the calendar: the cases not checked, the events in order from the merge,
// then with --since what the old calendar held and this one does not.
func writeCalendar(o *Options, day civil.Date, notChecked []ics.Event, events *app.Gathered[agenda.Event], gone []ics.Event, removed *app.Gathered[agenda.Event], have map[[16]byte]struct{}) error {
	return due.WriteCalendar(o.IO.Out, due.Calendar[agenda.Event, agenda.Event]{
		Options:    ics.Options{AsOf: day, Stamp: due.Stamp(o.AsOf, o.Now), Name: agenda.CalendarName},
		NotChecked: notChecked,
		Events:     events,
		Event:      func(r *agenda.Event) (ics.Event, bool) { return r.Event(), true },
		Gone:       gone,
		Removed:    removed,
		ID:         func(r *agenda.Event) [16]byte { return r.ID },
		Cancel:     func(r *agenda.Event) ics.Event { return goneEvent(r.Event()) },
		Have:       have,
	})
}

// write writes the table, JSON or CSV of the rows from their merge, a row at a time.
func write(o *Options, rows *app.Gathered[agenda.Placed], counts agenda.Counts, day civil.Date, read int) error {
	var out io.Writer = o.IO.Out
	var buf *bufio.Writer
	if !o.IO.IsStdoutTTY() {
		buf = bufio.NewWriterSize(out, 64<<10)
		out = buf
	}
	all := func(yield func(*agenda.Row) bool) {
		rows.All(func(p *agenda.Placed) bool { return yield(&p.Row) })
	}
	var err error
	switch o.Format {
	case "json":
		err = agenda.JSONSeq(out, all)
	case "csv":
		err = agenda.CSVSeq(out, all)
	default:
		end := day.AddDays(o.Days)
		fmt.Fprintf(out, "As of %s (Europe/London): what is booked, and what falls due with no booking, by %s (%s).\n",
			render.DateText(day), render.DateText(end), cmdutil.PluralN(o.Days, "day"))
		if counts.Rows() == 0 {
			_, err = fmt.Fprintf(out, "Nothing booked or falling due in %s.\n", cmdutil.PluralN(read, "case"))
			break
		}
		if err = table(o, out, all, day); err == nil {
			err = summary(out, counts)
		}
	}
	if err == nil {
		err = rows.Err()
	}
	if err == nil && buf != nil {
		err = buf.Flush()
	}
	return err
}

// table draws the rows from the merge, measured in one pass and drawn in a second: plain columns
// into a file or a pipe, the boxed table on a terminal.
func table(o *Options, out io.Writer, all iter.Seq[*agenda.Row], day civil.Date) error {
	style := render.Style{Terminal: o.IO.IsStdoutTTY(), Color: o.IO.ColorEnabled(), ASCII: o.IO.ASCIIBorders()}
	return render.WriteTableSeq(out, agenda.Header, func(yield func([]string, []string) bool) {
		codes := make([]string, len(agenda.Header))
		for r := range all {
			for j := range codes {
				codes[j] = agenda.Color(r, j)
			}
			if !yield(agenda.Cells(r, day), codes) {
				return
			}
		}
	}, style)
}

// summary is the line under the table: how many bookings, how many of them late, how many
// obligations with none.
func summary(w io.Writer, c agenda.Counts) error {
	parts := []string{cmdutil.PluralN(c.Booked, "booking"), fmt.Sprintf("%d after the due date", c.Late), cmdutil.PluralN(c.Unbooked, "obligation") + " with no booking"}
	_, err := fmt.Fprintln(w, strings.Join(parts, ", ")+".")
	return err
}
