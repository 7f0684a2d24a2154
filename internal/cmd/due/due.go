// Package due is `cpcase due`: what is due and overdue in case folders.
package due

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/atrev"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/config"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/filter"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/speed"
)

// Options are what `cpcase due` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date // today in Europe/London
	Now   func() time.Time  // the clock, for a calendar's DTSTAMP
	GC    *speed.GCFloor

	Paths     []string
	Policy    string
	AsOf      string
	Within    string
	Format    string
	FailOn    string
	All       bool
	Redact    bool
	Todo      bool
	Names     bool   // --format ics: children's names in the events
	Cancelled string // --format ics: how far back what was done comes as cancelled events
	Since     string // --format ics: also cancel what the calendar of the tree at this revision held
	CacheDir  string
	Explain   bool   // say how each due date was worked out
	At        string // evaluate the tree as it was at this git revision (or the last commit before a date)
	Wide      bool
	Mine      bool
	Filter    filter.Filter
	// Settings are the person's own defaults (--within, --cache, --mine's staff id); nil: none.
	Settings func() (*config.Config, error)
	// WithinSet and CacheSet say the flag was given, which wins over the defaults.
	WithinSet, CacheSet bool
	// SortBudget is how many obligations are held in memory before sorting them spills to a
	// temporary file; 0: speed.SortBudget (tests make it small to read the runs back).
	SortBudget int
}

// NewCmdDue builds the command; runF, when not nil, runs instead of Run (for tests of flags).
func NewCmdDue(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, Now: f.Now, GC: f.GC, Settings: f.Settings}
	cmd := &cobra.Command{
		Use:   "due [PATH...]",
		Short: "Show what is due and overdue in case folders",
		Long: `Due evaluates every case folder under the given paths against its policy (the policy: key
of plan.yaml, or --policy) and lists the obligations that are overdue, due within the
horizon, waiting for something to happen first, or without a timescale in the policy.
--all lists every obligation: the audit view, with met, late, open and missed ones too.

--format ics writes an iCalendar file of every obligation still to do that has a date, as
all-day events (tasks with --todo): on the due date, or on the as-of date when overdue.
Events carry the case reference, the child's id and the rule's title: no names unless
--names. Importing a newer file over an older one updates the events, and the obligations
done within --cancelled come as cancelled events that remove them; --since REV also cancels
what the calendar of the folders at a git revision held that this one does not (a record's
date corrected since). Waiting and no-timescale obligations have no date and are left out.
See docs/calendar-export.md.

Overdue comes first, most overdue first, then by due date; in the table each lead social
worker's cases are together (unless --worker names one). A case that cannot be read or
evaluated is listed first, in every format, as a row saying where and why ("not-evaluated"
in JSON and CSV, an event today in the calendar); its errors go to stderr too.

The table fits the terminal's width: a long citation and a long obligation are shortened,
then the citation left out, then the obligation wrapped at spaces (see docs/report.md);
--wide keeps every column whole, as a file or a pipe always gets. "Overdue by" and "due in"
count the unit of --within (days, or working days), as the line above the table says; JSON
and CSV give both: days (calendar) and working_days.

Filters (each repeatable or comma-separated; different filters must all match): --worker
(a staff id, members.yaml staff:, else a member id), --team, --case and --rule (* and ?
match), --child (id or name), --status (chooses the statuses, as if with --all). --mine is
--worker with your own staff id from cpcase config.

--cache DIR keeps, for each case that loaded without findings, what evaluation uses (dates,
ids, roles, kinds; no names and no free text) in DIR, a folder only you may read; the next
run reads an unchanged case from there instead of its YAML. A changed file is always read
again. The folder is safe to delete at any time.

--explain adds, for each obligation, how its due date was worked out: the duration, the
record it counts from (file:line), the days skipped, the conference setting in force and the
record that met it (cpcase explain gives the whole derivation). In JSON and CSV it is the
field explain.

--at REV evaluates the case folders as they were at a git revision (a commit, branch or tag,
or a date YYYY-MM-DD for the last commit before it): what cpcase would have said then. The
old files are read straight from git; nothing is checked out and the work tree and index are
not touched. --as-of defaults to the day of that commit.

Exit status: 0 clean, 1 findings (a case with errors, or --fail-on), 2 usage or I/O error.`,
		Example: `  cpcase due examples
  cpcase due examples --as-of 2026-11-23 --within "10 working days"
  cpcase due examples --as-of 2026-11-23 --team "Team North (example)" --status overdue
  cpcase due examples --as-of 2026-11-23 --case EX-S9-0001 --child Tia --wide
  cpcase due cases --mine
  cpcase due cases --all --format csv > audit.csv
  cpcase due cases --fail-on overdue
  cpcase due cases --format ics > obligations.ics
  cpcase due cases --format ics --cancelled "0 days" > subscribed.ics
  cpcase due cases --cache ~/.cache/cpcase
  cpcase due examples --as-of 2026-11-23 --explain
  # --at reads the cases as committed then: run it where they are under git
  cd my-cases-repo && cpcase due cases --at 2026-11-16 --as-of 2026-11-16 --all`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			o.WithinSet, o.CacheSet = cmd.Flags().Changed("within"), cmd.Flags().Changed("cache")
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Policy, "policy", "", "policy id or file for every case (default: each case's policy: key)")
	fl.StringVar(&o.AsOf, "as-of", "", "the date to evaluate as of, YYYY-MM-DD (default: today in Europe/London)")
	fl.StringVar(&o.Within, "within", "14 days", "the horizon: obligations due within it are due")
	fl.BoolVar(&o.All, "all", false, "list every obligation: also open, met, late and missed")
	fl.StringVar(&o.Format, "format", "table", "output format: table, json, csv or ics (iCalendar)")
	fl.BoolVar(&o.Todo, "todo", false, "with --format ics: tasks (VTODO) instead of all-day events")
	fl.BoolVar(&o.Names, "names", false, "with --format ics: children's names in the events (WARNING: identifiable data about children, on every device the calendar syncs to)")
	fl.StringVar(&o.Since, "since", "", "with --format ics: also cancel what the calendar of the case folders at this git revision (or the last commit before a date YYYY-MM-DD) held that this one does not: records corrected or removed since")
	fl.StringVar(&o.Cancelled, "cancelled", DefaultCancelled, "with --format ics: carry obligations done within this time before the as-of date as cancelled events, so a re-import removes them (\"0 days\": none)")
	fl.StringVar(&o.FailOn, "fail-on", "never", "exit 1 when an obligation shown is this bad or worse: overdue, due or never")
	fl.BoolVar(&o.Redact, "redact", false, "print names as initials (case references stay)")
	fl.StringVar(&o.CacheDir, "cache", "", "keep what evaluation needs of each case (no names, no free text) in this folder, to speed up the next run")
	fl.BoolVar(&o.Wide, "wide", false, "keep every column of the table whole, whatever the terminal's width")
	fl.BoolVar(&o.Mine, "mine", false, "only your cases: --worker with the staff id of cpcase config")
	filter.Bind(fl, &o.Filter)
	fl.BoolVar(&o.Explain, "explain", false, "say how each due date was worked out (in JSON and CSV: the field explain)")
	fl.StringVar(&o.At, "at", "", "evaluate the folders as they were at this git revision, or the last commit before a date YYYY-MM-DD")
	return cmd
}

// failOn are the statuses each --fail-on value fails on.
func failOn(v string) ([]engine.Status, bool) {
	switch v {
	case "never":
		return nil, true
	case "overdue":
		return []engine.Status{engine.Overdue, engine.Missed}, true
	case "due":
		return []engine.Status{engine.Overdue, engine.Missed, engine.Due}, true
	}
	return nil, false
}

// Run is `cpcase due`.
func Run(o *Options) error {
	var at *atrev.Tree
	if o.At != "" {
		if o.CacheDir != "" {
			return cmdutil.Usagef("--cache: not with --at (the cache is of the work tree)")
		}
		var err error
		if at, err = atrev.Open(o.At, o.Paths); err != nil {
			return err
		}
		defer at.Close()
	}
	asOf := o.AsOf
	if asOf == "" && at != nil {
		asOf = at.Commit.Date().String()
	}
	day, err := cmdutil.AsOfDate(asOf, o.Today)
	if err != nil {
		return err
	}
	if err := defaults(o); err != nil {
		return err
	}
	horizon, err := duration.Parse(o.Within)
	if err != nil {
		return cmdutil.Usagef("--within: %v", err)
	}
	if err := o.Filter.Check(); err != nil {
		return cmdutil.Usagef("%v", err)
	}
	switch o.Format {
	case "table", "json", "csv", "ics":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected table, json, csv or ics)", o.Format)
	}
	if o.Format != "ics" {
		switch {
		case o.Todo:
			return cmdutil.Usagef("--todo: only with --format ics")
		case o.Names:
			return cmdutil.Usagef("--names: only with --format ics (the table shows names already)")
		case o.Cancelled != "" && o.Cancelled != DefaultCancelled:
			return cmdutil.Usagef("--cancelled: only with --format ics")
		case o.Since != "":
			return cmdutil.Usagef("--since: only with --format ics (cpcase changes --since lists what moved)")
		}
	} else if o.Explain {
		return cmdutil.Usagef("--explain: not with --format ics (a calendar event says its due date; cpcase explain says why)")
	}
	fail, ok := failOn(o.FailOn)
	if !ok {
		return cmdutil.Usagef("--fail-on: unknown value %q (expected overdue, due or never)", o.FailOn)
	}
	cc, err := app.OpenCache(o.CacheDir)
	if err != nil {
		return err
	}
	itemOpts := app.ItemOptions{All: o.All, Names: o.Format != "json" && o.Format != "csv", Redact: o.Redact, Filter: o.Filter}
	paths := o.Paths
	if at != nil {
		paths = at.Paths
	}
	run := app.Options{Paths: paths, AsOf: day, BornBy: max(day, o.Today()), Policy: o.Policy,
		NeedPolicy: true, Cache: cc, Redact: o.Redact, GC: o.GC}
	if o.Format == "ics" {
		return runICS(o, run, day, horizon, fail, at)
	}
	run.ItemsOnly = !o.Explain // --explain reads the whole case
	if itemOpts.Names {
		run.Shown = itemOpts.Keeper() // a table names people: the cache opens the files it will read them from
	}
	// The obligations go to a Sorter as each case is evaluated (with --explain, each with its
	// explanation): it holds up to its budget and sorts the rest in runs on disk, so that --all
	// over a national tree stays in bounded memory.
	sorter := speed.NewSorter(o.SortBudget)
	defer sorter.Close()
	// A table measures its columns as the cases are evaluated, on every core, rather than in a
	// pass over every row after the last.
	var widths *render.DueWidths
	if o.Format == "table" {
		widths = render.NewDueWidths(tableUnit(horizon))
	}
	type kept struct {
		n     int
		fails bool // an obligation is as bad as --fail-on says
	}
	ids := map[string]uint32{}
	var idsMu sync.Mutex
	cases, err := app.Each(run, func(c *app.Case) kept {
		items := app.Items(c, day, horizon, itemOpts)
		if at != nil {
			at.Items(items)
		}
		var why []string
		if o.Explain {
			why = explainCase(c, items, day, horizon, at)
		}
		k := kept{n: len(items)}
		for _, it := range items {
			k.fails = k.fails || slices.Contains(fail, it.Status)
		}
		if len(items) > 0 {
			widths.Add(items)
			id := sorter.AddExplained(c.Index, items, why, c.Policy)
			idsMu.Lock()
			ids[c.Dir] = id
			idsMu.Unlock()
		}
		return k
	})
	if err != nil {
		return err
	}
	failed, fails := 0, false
	for _, r := range cases {
		if r.Failed {
			failed++
			if id, ok := ids[r.Dir]; ok {
				sorter.Drop(id) // a case reference another folder used first
				widths = nil    // measured with its rows: the table measures its own
			}
			continue
		}
		fails = fails || r.Value.fails
	}
	if at != nil {
		atrev.Results(at, cases)
	}
	// The cases that could not be evaluated come first, each as one row.
	unevaluated := app.KeptUnevaluated(cases, o.Filter)
	sorter.AddWhole(unevaluated)
	widths.Add(unevaluated)
	// Cases that could not be evaluated: their findings go to stderr so stdout stays parseable.
	errOut := o.IO.ErrOut
	app.PrintDiags(errOut, app.OnlyFailed(cases))
	if err := write(o, sorter, widths, day, horizon, len(cases)-failed, failed, at); err != nil {
		return err
	}
	if err := sorter.Err(); err != nil {
		return fmt.Errorf("sorting the obligations: %v", err)
	}
	if failed > 0 {
		fmt.Fprintf(errOut, "%s not evaluated: fix the errors above\n", strings.Replace(pluralCases(failed), "cases", "cases were", 1))
		return cmdutil.ErrFindings
	}
	if fails {
		return cmdutil.ErrFindings
	}
	return nil
}

// write prints the obligations in the chosen format. Into a file or a pipe it buffers: the
// renderers write a line at a time, a system call each on a bare stdout.
func write(o *Options, shown *speed.Sorter, widths *render.DueWidths, day civil.Date, horizon duration.Duration, evaluated, failed int, at *atrev.Tree) error {
	var out io.Writer = o.IO.Out
	var buf *bufio.Writer
	if !o.IO.IsStdoutTTY() {
		buf = bufio.NewWriterSize(out, 64<<10)
		out = buf
	}
	var err error
	switch {
	case o.Format == "json" && o.Explain:
		err = explainJSON(out, shown)
	case o.Format == "csv" && o.Explain:
		err = explainCSV(out, shown)
	case o.Format == "json":
		err = render.JSONSeq(out, shown.All)
	case o.Format == "csv":
		err = render.CSVSeq(out, shown.All)
	default:
		if at != nil {
			fmt.Fprintln(out, at.Heading())
		}
		err = writeTable(out, o, shown, widths, day, horizon, evaluated, failed)
		if err == nil && o.Explain {
			err = explainTable(out, shown)
		}
	}
	if err == nil && buf != nil {
		err = buf.Flush()
	}
	return err
}

func pluralCases(n int) string {
	if n == 1 {
		return "1 case was"
	}
	return fmt.Sprintf("%d cases", n)
}

// defaults fills in what the person's own settings give (flag > environment > file): --within,
// --cache and --mine's staff id.
func defaults(o *Options) error {
	if o.Settings == nil {
		return nil
	}
	cfg, err := o.Settings()
	if err != nil {
		return cmdutil.Usagef("config: %v", err)
	}
	o.Within = cfg.Resolve(config.Within, "within", o.WithinSet, o.Within, o.Within).Value
	o.CacheDir = cfg.Resolve(config.Cache, "cache", o.CacheSet, o.CacheDir, o.CacheDir).Value
	if o.Mine {
		staff := cfg.Get(config.Staff)
		if !staff.Set() {
			return cmdutil.Usagef("--mine: no staff id set; run cpcase config set staff YOUR-ID (or set %s)", config.EnvVar(config.Staff))
		}
		o.Filter.Workers = append(o.Filter.Workers, staff.Value)
	}
	return nil
}

func writeTable(w io.Writer, o *Options, sorted *speed.Sorter, widths *render.DueWidths, day civil.Date, horizon duration.Duration, evaluated, failed int) (err error) {
	head := fmt.Sprintf("As of %s (Europe/London); due means due within %s", render.DateText(day), horizon)
	// In working days the end depends on each case's calendar: no single date to give.
	if horizon.Unit != duration.WorkingDays {
		head += fmt.Sprintf(", by %s", render.DateText(horizon.After(day, nil, duration.Day0)))
	}
	width := o.IO.TerminalWidth()
	if !o.IO.IsStdoutTTY() {
		width = 0
	}
	fmt.Fprintln(w, render.Wrap(head+".", width))
	if sorted.Len() == 0 {
		what := "overdue, due, waiting or without a timescale"
		switch {
		case o.Filter.ByStatus():
			what = "with status " + strings.Join(o.Filter.Statuses, " or ")
		case o.All:
			what = "to report"
		}
		if !o.Filter.Empty() {
			what += " that the filters keep"
		}
		_, err := fmt.Fprintf(w, "Nothing %s in %s.\n", what, cmdutil.PluralN(evaluated, "case"))
		return err
	}
	unit := tableUnit(horizon)
	fmt.Fprintln(w, render.Wrap(render.UnitHeading(unit), width))
	// Each worker's rows together: a second sort, in bounded memory as the first, by the
	// worker's group (render.WorkerGroups) and then the engine's order. The table reads its rows
	// a few times (to measure, to fit, to print), one row at a time.
	var rows render.Rows = sorted
	one := o.Filter.OneWorker()
	if !one {
		grouped := sorted.GroupByWorker()
		defer grouped.Close()
		rows = grouped
		if ix, ok := grouped.Indexed(); ok {
			rows = ix
		}
		defer func() {
			if gerr := grouped.Err(); gerr != nil && err == nil {
				err = fmt.Errorf("sorting the obligations by worker: %v", gerr)
			}
		}()
	}
	if err := render.WriteDue(w, rows, render.DueOptions{Unit: unit, Width: width, Wide: o.Wide,
		Terminal: o.IO.IsStdoutTTY(), Color: o.IO.ColorEnabled(), OneWorker: one, Widths: widths}); err != nil {
		return err
	}
	if failed > 0 {
		_, err := fmt.Fprintf(w, "%d of %s not checked: fix %s to see what is due.\n", failed,
			cmdutil.PluralN(evaluated+failed, "case"), map[bool]string{true: "it", false: "them"}[failed == 1])
		return err
	}
	return nil
}

// tableUnit is the unit the table's status column counts in: the horizon's, when it is working
// days.
func tableUnit(horizon duration.Duration) render.Unit {
	if horizon.Unit == duration.WorkingDays {
		return render.WorkingDays
	}
	return render.CalendarDays
}
