package due

import (
	"bufio"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/atrev"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/filter"
	"github.com/cpcase/cpcase/internal/output/ics"
	"github.com/cpcase/cpcase/internal/output/render"
)

// DefaultCancelled is how far back --format ics carries what was done, as cancelled events.
const DefaultCancelled = "28 days"

// CancelWindow reads --cancelled: a duration in days, weeks or months, as days before day.
func CancelWindow(s string, day civil.Date) (int, error) {
	if s == "" {
		s = DefaultCancelled
	}
	d, err := duration.Parse(s)
	if err != nil {
		return 0, cmdutil.Usagef("--cancelled: %v", err)
	}
	if d.Unit == duration.WorkingDays {
		return 0, cmdutil.Usagef("--cancelled: give days, weeks or months (working days differ between policies)")
	}
	return d.After(day, nil, duration.Day0).Sub(day), nil
}

// Naming reads --names and --redact: how children are named in a calendar.
func Naming(names, redact bool) (ics.Naming, error) {
	switch {
	case names && redact:
		return 0, cmdutil.Usagef("--names and --redact: choose one")
	case names:
		return ics.ByName, nil
	case redact:
		return ics.ByInitials, nil
	}
	return ics.ByID, nil
}

// Stamp is the moment a calendar file is made: now, or midnight UTC of --as-of when it is given,
// so that a run with --as-of gives the same bytes every time.
func Stamp(asOf string, now func() time.Time) time.Time {
	if asOf != "" || now == nil {
		return time.Time{}
	}
	return now()
}

// Keep is the filters of `due` as a calendar applies them to case c's obligations: they see the
// staff id and the child's name, as due's other formats give them; a cancellation is kept
// whatever --status says, since the event it removes was kept with the status it had then. Nil
// when there are no filters.
func Keep(f filter.Filter, c *app.Case) func(render.Item, bool) bool {
	if f.Empty() {
		return nil
	}
	anyStatus := f
	anyStatus.Statuses = nil
	return func(it render.Item, cancelled bool) bool {
		if it.Child != "" {
			if n := c.ChildName(it.Child); n != "" {
				it.ChildLabel = n
			}
		}
		if cancelled {
			return anyStatus.Keep(it)
		}
		return f.Keep(it)
	}
}

// Kept are the results the filters keep: every case that was evaluated, and those not checked
// that the filters cannot rule out by what is known of them.
func Kept[T any](cases []app.Result[T], f filter.Filter) []app.Result[T] {
	if f.Empty() {
		return cases
	}
	var out []app.Result[T]
	for _, r := range cases {
		if !r.Failed || f.Keep(app.Unevaluated(r)) {
			out = append(out, r)
		}
	}
	return out
}

// NotChecked are the events of the cases that could not be read or evaluated, first in the
// calendar, on the as-of date: nothing is hidden by a broken file.
func NotChecked[T any](cases []app.Result[T], day civil.Date) []ics.Event {
	var out []ics.Event
	for _, r := range cases {
		if !r.Failed || len(r.Diags) == 0 {
			continue
		}
		first := r.Diags[0]
		for _, d := range r.Diags {
			if d.Severity == diag.Error {
				first = d
				break
			}
		}
		out = append(out, ics.NotChecked(r.Ref, first.File, first.Line, r.Diags.Errors(), day))
	}
	return out
}

// since is --since REV: the cancellations of what the calendar of the case folders as they were
// at REV held and this one does not (entries and notChecked, cancellations included): the
// obligations whose record was since corrected or removed, which today's files cannot name, and
// the cases not checked then that are now. The old calendar is taken as of REV's date (a date
// given as REV is that day).
func since(o *Options, run app.Options, horizon duration.Duration, naming ics.Naming, entries []ics.Entry, notChecked []ics.Event) ([]ics.Event, error) {
	old, day, err := OpenSince(o.Since, o.Paths)
	if err != nil {
		return nil, err
	}
	defer old.Close()
	run.Paths, run.Cache, run.AsOf, run.BornBy = old.Paths, nil, day, max(run.BornBy, day)
	cases, err := app.Each(run, func(c *app.Case) []ics.Entry {
		if !o.Filter.KeepCase(c.Case.Ref, c.Case.Team) {
			return nil
		}
		es, _ := ics.CaseEntries(c.Case, c.Policy, ics.CaseOptions{AsOf: day, Horizon: horizon, Naming: naming, Name: c.ChildName, Keep: Keep(o.Filter, c)})
		return es
	})
	if err != nil {
		return nil, err
	}
	atrev.Results(old, cases)
	have := map[string]bool{}
	for _, e := range entries {
		have[ics.UID(e.Key)] = true
	}
	for _, e := range notChecked {
		have[e.UID] = true
	}
	var then []ics.Entry
	for _, r := range cases {
		then = append(then, r.Value...)
	}
	return Gone(slices.Concat(NotChecked(Kept(cases, o.Filter), day), ics.Events(then, day)), have), nil
}

// OpenSince opens the case folders at the paths as they were at --since REV, and the day their
// calendar is taken as of: REV when it is a date, else its commit's date.
func OpenSince(rev string, paths []string) (*atrev.Tree, civil.Date, error) {
	old, err := atrev.Open(rev, paths)
	if err != nil {
		if cmdutil.IsUsage(err) {
			return nil, 0, cmdutil.Usagef("--since: %s", strings.TrimPrefix(err.Error(), "--at: "))
		}
		return nil, 0, err
	}
	day := old.Commit.Date()
	if d, err := civil.Parse(rev); err == nil {
		day = d
	}
	return old, day, nil
}

// Gone are the cancellations of the events of an older calendar (then) whose UID the new one does
// not hold (have): each once, titled "Removed: ..." (a case not checked then: "Checked now: ...").
func Gone(then []ics.Event, have map[string]bool) []ics.Event {
	var out []ics.Event
	for _, e := range then {
		if e.Cancelled || have[e.UID] {
			continue
		}
		have[e.UID] = true
		if s, ok := strings.CutSuffix(e.Summary, ": not checked: fix it to see what is due"); ok {
			e.Summary = "Checked now: " + s
		} else {
			e.Summary = "Removed: " + e.Summary
			e.Text = "Status: no longer in the calendar: the record it was counted from was changed or removed\n" + e.Text
		}
		e.Cancelled, e.Category = true, "removed"
		out = append(out, e)
	}
	return out
}

// runICS is `cpcase due --format ics`: every obligation still to do that has a date, then what
// closed within --cancelled, as cancellations (see docs/calendar-export.md). Obligations without
// a date are counted on stderr, so that nobody takes an empty calendar for a clean caseload.
func runICS(o *Options, run app.Options, day civil.Date, horizon duration.Duration, fail []engine.Status, at *atrev.Tree) error {
	window, err := CancelWindow(o.Cancelled, day)
	if err != nil {
		return err
	}
	naming, err := Naming(o.Names, o.Redact)
	if err != nil {
		return err
	}
	type caseCal struct {
		entries []ics.Entry
		undated int
	}
	cases, err := app.Each(run, func(c *app.Case) caseCal {
		if !o.Filter.KeepCase(c.Case.Ref, c.Case.Team) {
			return caseCal{}
		}
		es, undated := ics.CaseEntries(c.Case, c.Policy, ics.CaseOptions{AsOf: day, Horizon: horizon, Window: window,
			Naming: naming, Name: c.ChildName, Keep: Keep(o.Filter, c)})
		return caseCal{es, undated}
	})
	if err != nil {
		return err
	}
	var entries []ics.Entry
	undated, failed := 0, 0
	for _, r := range cases {
		entries = append(entries, r.Value.entries...)
		undated += r.Value.undated
		if r.Failed {
			failed++
		}
	}
	slices.SortStableFunc(entries, func(a, b ics.Entry) int {
		switch {
		case ics.Less(a, b):
			return -1
		case ics.Less(b, a):
			return 1
		}
		return 0
	})
	atrev.Results(at, cases) // findings name the files as the user knows them
	errOut := o.IO.ErrOut
	app.PrintDiags(errOut, app.OnlyFailed(cases))
	notChecked := NotChecked(Kept(cases, o.Filter), day)
	var gone []ics.Event
	if o.Since != "" {
		if gone, err = since(o, run, horizon, naming, entries, notChecked); err != nil {
			return err
		}
	}
	events := slices.Concat(notChecked, ics.Events(entries, day), gone)
	out := bufio.NewWriterSize(o.IO.Out, 64<<10)
	if err := ics.WriteEvents(out, events, ics.Options{AsOf: day, Stamp: Stamp(o.AsOf, o.Now), Todo: o.Todo}); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if undated > 0 {
		fmt.Fprintf(errOut, "%s without a date (waiting or no timescale) not in the calendar; see cpcase due\n", cmdutil.PluralN(undated, "obligation"))
	}
	if failed > 0 {
		fmt.Fprintf(errOut, "%s not evaluated: fix the errors above\n", strings.Replace(pluralCases(failed), "cases", "cases were", 1))
		return cmdutil.ErrFindings
	}
	for _, e := range entries {
		if !e.Cancelled && slices.Contains(fail, e.Status) {
			return cmdutil.ErrFindings
		}
	}
	return nil
}
