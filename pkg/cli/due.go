package cli

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/pkg/civil"
	"github.com/cpcase/cpcase/pkg/duration"
	"github.com/cpcase/cpcase/pkg/engine"
	"github.com/cpcase/cpcase/pkg/policy"
	"github.com/cpcase/cpcase/pkg/render"
)

func init() { register(newDueCmd) }

type dueOpts struct {
	policy, asOf, within, format, failOn string
	all, redact, todo                    bool
	cache                                string
}

// shownByDefault are the statuses `cpcase due` lists without --all.
var shownByDefault = map[engine.Status]bool{engine.Overdue: true, engine.Due: true, engine.Waiting: true, engine.NoTimescale: true}

func newDueCmd() *cobra.Command {
	var o dueOpts
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

Exit status: 0 clean, 1 findings (a case with errors, or --fail-on), 2 usage or I/O error.`,
		Example: `  cpcase due examples
  cpcase due examples --as-of 2026-11-23 --within "10 working days"
  cpcase due cases --all --format csv > audit.csv
  cpcase due cases --fail-on overdue
  cpcase due cases --all --format ics > obligations.ics`,
		RunE: func(cmd *cobra.Command, args []string) error { return runDue(cmd, args, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.policy, "policy", "", "policy id or file for every case (default: each case's policy: key)")
	f.StringVar(&o.asOf, "as-of", "", "the date to evaluate as of, YYYY-MM-DD (default: today in Europe/London)")
	f.StringVar(&o.within, "within", "14 days", "the horizon: obligations due within it are due")
	f.BoolVar(&o.all, "all", false, "list every obligation: also open, met, late and missed")
	f.StringVar(&o.format, "format", "table", "output format: table, json, csv or ics (iCalendar)")
	f.BoolVar(&o.todo, "todo", false, "with --format ics: tasks (VTODO) instead of all-day events")
	f.StringVar(&o.failOn, "fail-on", "never", "exit 1 when an obligation shown is this bad or worse: overdue, due or never")
	f.BoolVar(&o.redact, "redact", false, "print names as initials (case references stay)")
	f.StringVar(&o.cache, "cache", "", "keep what evaluation needs of each case (no names, no free text) in this folder, to speed up the next run")
	return cmd
}

func runDue(cmd *cobra.Command, args []string, o dueOpts) error {
	day, err := asOfDate(o.asOf)
	if err != nil {
		return err
	}
	horizon, err := duration.Parse(o.within)
	if err != nil {
		return usagef("--within: %v", err)
	}
	switch o.format {
	case "table", "json", "csv", "ics":
	default:
		return usagef("--format: unknown format %q (expected table, json, csv or ics)", o.format)
	}
	if o.todo && o.format != "ics" {
		return usagef("--todo: only with --format ics")
	}
	fail := map[string][]engine.Status{
		"never":   nil,
		"overdue": {engine.Overdue, engine.Missed},
		"due":     {engine.Overdue, engine.Missed, engine.Due},
	}
	failOn, ok := fail[o.failOn]
	if !ok {
		return usagef("--fail-on: unknown value %q (expected overdue, due or never)", o.failOn)
	}
	cc, err := openCache(o.cache)
	if err != nil {
		return err
	}
	cases, err := eachCase(loadOptions{paths: args, asOf: day, bornBy: max(day, today()), policy: o.policy, needPol: true, cache: cc}, policy.NewRegistry(), func(l *loaded) []render.Item {
		return dueItems(l, day, horizon, o)
	})
	if err != nil {
		return err
	}
	n, failed := 0, 0
	for _, r := range cases {
		n += len(r.value)
		if r.failed {
			failed++
		}
	}
	// One slice of exactly the obligations shown; each case's own is let go once copied, so that
	// a national tree's are not held twice.
	items := make([]render.Item, 0, n)
	for i := range cases {
		items = append(items, cases[i].value...)
		cases[i].value = nil
	}
	slices.SortStableFunc(items, func(a, b render.Item) int {
		switch {
		case engine.Less(a.Obligation, b.Obligation):
			return -1
		case engine.Less(b.Obligation, a.Obligation):
			return 1
		}
		return 0
	})
	// Cases that could not be evaluated: their findings go to stderr so stdout stays parseable.
	errOut := cmd.ErrOrStderr()
	printDiags(errOut, onlyFailed(cases))
	// Into a file or a pipe, buffered: the renderers write a line at a time, a system call each
	// on a bare stdout. A terminal is written to as it is, so that the table sees it is one.
	var out io.Writer = cmd.OutOrStdout()
	var buf *bufio.Writer
	if !isTerminal(out) {
		buf = bufio.NewWriterSize(out, 64<<10)
		out = buf
	}
	switch o.format {
	case "json":
		err = render.JSON(out, items)
	case "csv":
		err = render.CSV(out, items)
	case "ics":
		err = dueICS(out, errOut, items, day, o.todo)
	default:
		err = dueTable(out, items, day, horizon, len(cases)-failed, o.all)
	}
	if err == nil && buf != nil {
		err = buf.Flush()
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(errOut, "%s not evaluated: fix the errors above\n", strings.Replace(pluralCases(failed), "cases", "cases were", 1))
		return errFindings
	}
	for _, it := range items {
		for _, s := range failOn {
			if it.Status == s {
				return errFindings
			}
		}
	}
	return nil
}

// dueItems evaluates one case and keeps the obligations to show.
func dueItems(l *loaded, day civil.Date, horizon duration.Duration, o dueOpts) []render.Item {
	obs := engine.Evaluate(l.c, l.p, engine.Options{AsOf: day, Horizon: horizon})
	n := 0
	for _, ob := range obs {
		if o.all || shownByDefault[ob.Status] {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	items := make([]render.Item, 0, n) // kept until the end of the run: no room to spare
	for _, ob := range obs {
		if !o.all && !shownByDefault[ob.Status] {
			continue
		}
		it := render.Item{Obligation: ob, ChildLabel: ob.Child}
		// JSON and CSV give children by id only: a case from the cache need not read its names.
		if ob.Child != "" && o.format != "json" && o.format != "csv" {
			if name := l.childName(ob.Child); name != "" {
				it.ChildLabel = name
				if o.redact {
					it.ChildLabel = initials(name)
				}
			}
		}
		if ob.Status == engine.Overdue {
			it.WorkingDays = workingDaysBetween(l.p, ob.Due, day)
		}
		items = append(items, it)
	}
	return items
}

func pluralCases(n int) string {
	if n == 1 {
		return "1 case was"
	}
	return fmt.Sprintf("%d cases", n)
}

func onlyFailed[T any](cases []result[T]) []result[T] {
	var out []result[T]
	for _, r := range cases {
		if r.failed {
			out = append(out, r)
		}
	}
	return out
}

func dueTable(w io.Writer, items []render.Item, day civil.Date, horizon duration.Duration, evaluated int, all bool) error {
	end := horizon.After(day, nil, duration.Day0)
	if horizon.Unit == duration.WorkingDays {
		end = civil.Date(0)
	}
	head := fmt.Sprintf("As of %s (Europe/London); due means due within %s", render.DateText(day), horizon)
	if !end.IsZero() {
		head += fmt.Sprintf(", by %s", render.DateText(end))
	}
	fmt.Fprintln(w, head+".")
	if len(items) == 0 {
		what := "overdue, due, waiting or without a timescale"
		if all {
			what = "to report"
		}
		_, err := fmt.Fprintf(w, "Nothing %s in %s.\n", what, pluralN(evaluated, "case"))
		return err
	}
	return render.WriteTable(w, render.DueTable(items), render.Style{Terminal: isTerminal(w), Color: useColor(w)})
}

func pluralN(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// workingDaysBetween counts the policy's working days in (from, to], at most 10000.
func workingDaysBetween(p *policy.Policy, from, to civil.Date) int {
	return min(p.Calendar.WorkingDaysBetween(from, to), 10000)
}
