package cli

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
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
	cases, err := eachCase(loadOptions{paths: args, asOf: day, bornBy: max(day, today()), policy: o.policy, needPol: true, cache: cc}, policy.NewRegistry(), func(l *loaded) []kept {
		return keepItems(dueItems(l, day, horizon, o), l.p)
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
	shown := shownItems{all: make([]kept, 0, n)}
	for i := range cases {
		shown.all = append(shown.all, cases[i].value...)
		cases[i].value = nil
	}
	shown.sort()
	// Cases that could not be evaluated: their findings go to stderr so stdout stays parseable.
	errOut := cmd.ErrOrStderr()
	printDiags(errOut, onlyFailed(cases))
	// From here to the end every line printed is held at once beside the obligations: collect
	// garbage twice as often, so that the peak stays near what is live (the run is nearly over,
	// and the few more collections cost little). A GOGC already lower is kept.
	if gc := debug.SetGCPercent(50); gc < 50 {
		debug.SetGCPercent(gc)
	} else {
		defer debug.SetGCPercent(gc)
	}
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
		err = render.JSON(out, shown.items())
	case "csv":
		err = render.CSV(out, shown.items())
	case "ics":
		err = dueICS(out, errOut, shown.items(), day, o.todo)
	default:
		err = dueTable(out, shown, day, horizon, len(cases)-failed, o.all)
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
	for i := range shown.order {
		st := shown.at(i).Status
		for _, s := range failOn {
			if st == s {
				return errFindings
			}
		}
	}
	return nil
}

// kept is one obligation to show, held compactly from evaluation to output: a national tree's
// default listing is some 170,000 of them, --all's millions, and a render.Item is 272 bytes. What
// a case's obligations share is held once per case (keptCase) and a rule's id, title and citation
// once, in the policy; an item the compact fields cannot give back exactly is held whole.
type kept struct {
	c                        *keptCase
	rule                     *policy.Rule
	whole                    *render.Item
	child, label, detail     string
	due, met, booked, end    civil.Date
	days, line, col, wd, per int32
	file, status             uint8
	hasDays, bookedLate      bool
}

// keptCase is what the obligations of one case have in common.
type keptCase struct {
	ref, team, worker, policy string
	files                     []string // the files their anchors are in
}

// item gives the obligation back.
func (k *kept) item() render.Item {
	if k.whole != nil {
		return *k.whole
	}
	return render.Item{
		Obligation: engine.Obligation{
			Case: k.c.ref, Team: k.c.team, Worker: k.c.worker, Policy: k.c.policy,
			Rule: k.rule.ID, Title: k.rule.Title, Cite: k.rule.Cite, Child: k.child,
			Due: k.due, Status: engine.Statuses[k.status], Met: k.met, Days: int(k.days), HasDays: k.hasDays,
			Booked: k.booked, BookedLate: k.bookedLate,
			Anchor: casefolder.Pos{File: k.c.files[k.file], Line: int(k.line), Col: int(k.col)},
			Detail: k.detail, Period: int(k.per), End: k.end,
		},
		ChildLabel: k.label, WorkingDays: int(k.wd),
	}
}

// keepItems packs one case's items, each checked to unpack to exactly itself (else held whole).
func keepItems(items []render.Item, p *policy.Policy) []kept {
	if len(items) == 0 {
		return nil
	}
	o := items[0].Obligation
	c := &keptCase{ref: o.Case, team: o.Team, worker: o.Worker, policy: o.Policy}
	out := make([]kept, len(items))
	for i, it := range items {
		o := it.Obligation
		k := kept{c: c, rule: p.Rule(o.Rule), child: o.Child, label: it.ChildLabel, detail: o.Detail,
			due: o.Due, met: o.Met, booked: o.Booked, end: o.End, days: int32(o.Days), line: int32(o.Anchor.Line),
			col: int32(o.Anchor.Col), wd: int32(it.WorkingDays), per: int32(o.Period), hasDays: o.HasDays, bookedLate: o.BookedLate}
		status, file := slices.Index(engine.Statuses, o.Status), slices.Index(c.files, o.Anchor.File)
		if file < 0 && len(c.files) < 256 {
			c.files = append(c.files, o.Anchor.File)
			file = len(c.files) - 1
		}
		k.status, k.file = uint8(status), uint8(file)
		if k.rule == nil || status < 0 || file < 0 || k.item() != it {
			whole := it
			k = kept{whole: &whole}
		}
		out[i] = k
	}
	return out
}

// shownItems are the obligations to print, in order: all[order[i]] is the i-th.
type shownItems struct {
	all   []kept
	order []int32
}

// sort orders the obligations by engine.Less, ties in the order they were found (path order,
// then rule order): a stable sort, done on indexes so that the records themselves never move.
func (s *shownItems) sort() {
	s.order = make([]int32, len(s.all))
	for i := range s.order {
		s.order[i] = int32(i)
	}
	slices.SortFunc(s.order, func(i, j int32) int {
		a, b := s.all[i].item(), s.all[j].item()
		switch {
		case engine.Less(a.Obligation, b.Obligation):
			return -1
		case engine.Less(b.Obligation, a.Obligation):
			return 1
		}
		return cmp.Compare(i, j)
	})
}

func (s shownItems) at(i int) render.Item { return s.all[s.order[i]].item() }

// items is every obligation as a render.Item, for the renderers that take them all at once.
func (s shownItems) items() []render.Item {
	out := make([]render.Item, len(s.order))
	for i := range out {
		out[i] = s.at(i)
	}
	return out
}

// table is render.DueTable of the obligations without colour, built a thousand rows at a time
// so that the items are never all unpacked at once beside their rows.
func (s shownItems) table() render.Table {
	t := render.DueTable(nil)
	t.Color = nil
	t.Rows = make([][]string, 0, len(s.order))
	chunk := make([]render.Item, 0, 1024)
	for i := 0; i < len(s.order); i += cap(chunk) {
		chunk = chunk[:0]
		for j := i; j < min(i+cap(chunk), len(s.order)); j++ {
			chunk = append(chunk, s.at(j))
		}
		t.Rows = append(t.Rows, render.DueTable(chunk).Rows...)
	}
	return t
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
	items := make([]render.Item, 0, n) // exactly: report holds them to the end of its run
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

func dueTable(w io.Writer, shown shownItems, day civil.Date, horizon duration.Duration, evaluated int, all bool) error {
	end := horizon.After(day, nil, duration.Day0)
	if horizon.Unit == duration.WorkingDays {
		end = civil.Date(0)
	}
	head := fmt.Sprintf("As of %s (Europe/London); due means due within %s", render.DateText(day), horizon)
	if !end.IsZero() {
		head += fmt.Sprintf(", by %s", render.DateText(end))
	}
	fmt.Fprintln(w, head+".")
	if len(shown.order) == 0 {
		what := "overdue, due, waiting or without a timescale"
		if all {
			what = "to report"
		}
		_, err := fmt.Fprintf(w, "Nothing %s in %s.\n", what, pluralN(evaluated, "case"))
		return err
	}
	style := render.Style{Terminal: isTerminal(w), Color: useColor(w)}
	if style.Color {
		return render.WriteTable(w, render.DueTable(shown.items()), style)
	}
	return render.WriteTable(w, shown.table(), style)
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
