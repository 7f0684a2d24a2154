// Package due is `cpcase due`: what is due and overdue in case folders.
package due

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/speed"
)

// Options are what `cpcase due` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date // today in Europe/London
	GC    *speed.GCFloor

	Paths    []string
	Policy   string
	AsOf     string
	Within   string
	Format   string
	FailOn   string
	All      bool
	Redact   bool
	Todo     bool
	CacheDir string
}

// NewCmdDue builds the command; runF, when not nil, runs instead of Run (for tests of flags).
func NewCmdDue(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, GC: f.GC}
	cmd := &cobra.Command{
		Use:   "due [PATH...]",
		Short: "Show what is due and overdue in case folders",
		Long: `Due evaluates every case folder under the given paths against its policy (the policy: key
of plan.yaml, or --policy) and lists the obligations that are overdue, due within the
horizon, waiting for something to happen first, or without a timescale in the policy.
--all lists every obligation: the audit view, with met, late, open and missed ones too.

--format ics writes an iCalendar file of the obligations still to do that have a date
(overdue and due; with --all also open) as all-day events, or tasks with --todo. Waiting
and no-timescale obligations have no date and are left out. Re-importing updates events.

Overdue comes first, most overdue first, then by due date. A case with format errors is
reported with its errors and not evaluated; the others still are.

--cache DIR keeps, for each case that loaded without findings, what evaluation uses (dates,
ids, roles, kinds; no names and no free text) in DIR, a folder only you may read; the next
run reads an unchanged case from there instead of its YAML. A changed file is always read
again. The folder is safe to delete at any time.

Exit status: 0 clean, 1 findings (a case with errors, or --fail-on), 2 usage or I/O error.`,
		Example: `  cpcase due examples
  cpcase due examples --as-of 2026-11-23 --within "10 working days"
  cpcase due cases --all --format csv > audit.csv
  cpcase due cases --fail-on overdue
  cpcase due cases --all --format ics > obligations.ics
  cpcase due cases --cache ~/.cache/cpcase`,
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
	fl.StringVar(&o.AsOf, "as-of", "", "the date to evaluate as of, YYYY-MM-DD (default: today in Europe/London)")
	fl.StringVar(&o.Within, "within", "14 days", "the horizon: obligations due within it are due")
	fl.BoolVar(&o.All, "all", false, "list every obligation: also open, met, late and missed")
	fl.StringVar(&o.Format, "format", "table", "output format: table, json, csv or ics (iCalendar)")
	fl.BoolVar(&o.Todo, "todo", false, "with --format ics: tasks (VTODO) instead of all-day events")
	fl.StringVar(&o.FailOn, "fail-on", "never", "exit 1 when an obligation shown is this bad or worse: overdue, due or never")
	fl.BoolVar(&o.Redact, "redact", false, "print names as initials (case references stay)")
	fl.StringVar(&o.CacheDir, "cache", "", "keep what evaluation needs of each case (no names, no free text) in this folder, to speed up the next run")
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
	day, err := cmdutil.AsOfDate(o.AsOf, o.Today)
	if err != nil {
		return err
	}
	horizon, err := duration.Parse(o.Within)
	if err != nil {
		return cmdutil.Usagef("--within: %v", err)
	}
	switch o.Format {
	case "table", "json", "csv", "ics":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected table, json, csv or ics)", o.Format)
	}
	if o.Todo && o.Format != "ics" {
		return cmdutil.Usagef("--todo: only with --format ics")
	}
	fail, ok := failOn(o.FailOn)
	if !ok {
		return cmdutil.Usagef("--fail-on: unknown value %q (expected overdue, due or never)", o.FailOn)
	}
	cc, err := app.OpenCache(o.CacheDir)
	if err != nil {
		return err
	}
	itemOpts := app.ItemOptions{All: o.All, Names: o.Format != "json" && o.Format != "csv", Redact: o.Redact}
	run := app.Options{Paths: o.Paths, AsOf: day, BornBy: max(day, o.Today()), Policy: o.Policy,
		NeedPolicy: true, Cache: cc, Redact: o.Redact, GC: o.GC}
	cases, err := app.Each(run, func(c *app.Case) []speed.Kept {
		return speed.Keep(app.Items(c, day, horizon, itemOpts), c.Policy)
	})
	if err != nil {
		return err
	}
	n, failed := 0, 0
	for _, r := range cases {
		n += len(r.Value)
		if r.Failed {
			failed++
		}
	}
	// One slice of exactly the obligations shown; each case's own is let go once copied, so that
	// a national tree's are not held twice.
	shown := speed.Shown{All: make([]speed.Kept, 0, n)}
	for i := range cases {
		shown.All = append(shown.All, cases[i].Value...)
		cases[i].Value = nil
	}
	shown.Sort()
	// Cases that could not be evaluated: their findings go to stderr so stdout stays parseable.
	errOut := o.IO.ErrOut
	app.PrintDiags(errOut, app.OnlyFailed(cases))
	defer speed.CollectOften()()
	if err := write(o, &shown, day, horizon, len(cases)-failed); err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(errOut, "%s not evaluated: fix the errors above\n", strings.Replace(pluralCases(failed), "cases", "cases were", 1))
		return cmdutil.ErrFindings
	}
	for i := 0; i < shown.Len(); i++ {
		st := shown.At(i).Status
		for _, s := range fail {
			if st == s {
				return cmdutil.ErrFindings
			}
		}
	}
	return nil
}

// write prints the obligations in the chosen format. Into a file or a pipe it buffers: the
// renderers write a line at a time, a system call each on a bare stdout.
func write(o *Options, shown *speed.Shown, day civil.Date, horizon duration.Duration, evaluated int) error {
	var out io.Writer = o.IO.Out
	var buf *bufio.Writer
	if !o.IO.IsStdoutTTY() {
		buf = bufio.NewWriterSize(out, 64<<10)
		out = buf
	}
	var err error
	switch o.Format {
	case "json":
		err = render.JSON(out, shown.Items())
	case "csv":
		err = render.CSV(out, shown.Items())
	case "ics":
		err = writeICS(out, o.IO.ErrOut, shown.Items(), day, o.Todo)
	default:
		err = writeTable(out, o.IO, shown, day, horizon, evaluated, o.All)
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

func writeTable(w io.Writer, ios *iostreams.IOStreams, shown *speed.Shown, day civil.Date, horizon duration.Duration, evaluated int, all bool) error {
	head := fmt.Sprintf("As of %s (Europe/London); due means due within %s", render.DateText(day), horizon)
	// In working days the end depends on each case's calendar: no single date to give.
	if horizon.Unit != duration.WorkingDays {
		head += fmt.Sprintf(", by %s", render.DateText(horizon.After(day, nil, duration.Day0)))
	}
	fmt.Fprintln(w, head+".")
	if shown.Len() == 0 {
		what := "overdue, due, waiting or without a timescale"
		if all {
			what = "to report"
		}
		_, err := fmt.Fprintf(w, "Nothing %s in %s.\n", what, cmdutil.PluralN(evaluated, "case"))
		return err
	}
	style := render.Style{Terminal: ios.IsStdoutTTY(), Color: ios.ColorEnabled(), ASCII: ios.ASCIIBorders()}
	if style.Color {
		return render.WriteTable(w, render.DueTable(shown.Items()), style)
	}
	return render.WriteTable(w, shown.Table(), style)
}
