package due

import (
	"bufio"
	"fmt"
	"io"
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
// at REV held and this one does not (have: the UIDs of this one's entries and notChecked,
// cancellations included): the obligations whose record was since corrected or removed, which
// today's files cannot name, and the cases not checked then that are now. The old calendar is
// taken as of REV's date (a date given as REV is that day). They come in the old calendar's
// order, unsorted: first its cases not checked (gone), then its events, cases in path order
// (removed, held in a Spill in that order, so that a revision where every UID differs is written
// in bounded memory too). Each is written once: have is only read while the old cases are
// evaluated, then gets the UIDs of gone here, and of removed as the caller writes them.
func since(o *Options, run app.Options, horizon duration.Duration, naming ics.Naming, have map[[16]byte]struct{}) (gone []ics.Event, removed *app.Gathered[ics.Record], err error) {
	old, day, err := OpenSince(o.Since, o.Paths)
	if err != nil {
		return nil, nil, err
	}
	defer old.Close()
	run.Paths, run.Cache, run.AsOf, run.BornBy = old.Paths, nil, day, max(run.BornBy, day)
	removed = newSpilled(ics.CompareSeq)
	cases, err := app.Each(run, func(c *app.Case) struct{} {
		if !o.Filter.KeepCase(c.Case.Ref, c.Case.Team) {
			return struct{}{}
		}
		es, _ := ics.CaseEntries(c.Case, c.Policy, ics.CaseOptions{AsOf: day, Horizon: horizon, Naming: naming, Name: c.ChildName, Keep: Keep(o.Filter, c)})
		var rs []ics.Record
		for i, e := range es {
			if e.Due.IsZero() || e.Cancelled {
				continue
			}
			if _, ok := have[ics.UIDOf(e.Key)]; ok {
				continue
			}
			r := ics.RecordOf(e, day, seq(c.Index, i))
			r.Summary, r.Text = goneWords(r.Summary, r.Text)
			r.Cancelled, r.Category = true, "removed"
			rs = append(rs, r)
		}
		removed.Add(c, rs)
		return struct{}{}
	})
	if err != nil {
		removed.Close()
		return nil, nil, err
	}
	app.DropFailed(removed, cases)
	atrev.Results(old, cases)
	for _, e := range NotChecked(Kept(cases, o.Filter), day) {
		id, _ := ics.ParseUID(e.UID)
		if _, ok := have[id]; ok {
			continue
		}
		have[id] = struct{}{}
		e.Summary, e.Text = goneWords(e.Summary, e.Text)
		e.Cancelled, e.Category = true, "removed"
		gone = append(gone, e)
	}
	return gone, removed, nil
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
		e.Summary, e.Text = goneWords(e.Summary, e.Text)
		e.Cancelled, e.Category = true, "removed"
		out = append(out, e)
	}
	return out
}

// goneWords are the title and text of the cancellation Gone makes of an event.
func goneWords(summary, text string) (string, string) {
	if s, ok := strings.CutSuffix(summary, ": not checked: fix it to see what is due"); ok {
		return "Checked now: " + s, text
	}
	return "Removed: " + summary, "Status: no longer in the calendar: the record it was counted from was changed or removed\n" + text
}

// icsBudget is how many bytes of calendar records are held in memory before they are sorted in
// runs on disk (ics.Record.Size: a record is some 650 bytes, most of it the event's text, so about
// 25,000 records). The tests lower it to send every calendar through the disk.
var icsBudget = 16 << 20

// seq is the tie-break of entry i of the case at index in path order.
func seq(index, i int) uint64 { return uint64(index)<<32 | uint64(uint32(i)) }

// newSpilled gathers calendar records in order as cases are evaluated (see app.Gathered).
func newSpilled(order func(a, b *ics.Record) int) *app.Gathered[ics.Record] {
	return app.Gather("the calendar", icsBudget, order, ics.RecordCodec, (*ics.Record).Size, func(r *ics.Record) uint64 { return r.Seq })
}

// runICS is `cpcase due --format ics`: every obligation still to do that has a date, then what
// closed within --cancelled, as cancellations (see docs/calendar-export.md). Obligations without
// a date are counted on stderr, so that nobody takes an empty calendar for a clean caseload.
//
// Each case's entries become records (the event in words, and its place in the order) as it is
// evaluated, and go to a Spill, sorted there in bounded memory and written from its merge: the
// calendar of a national tree is never held whole.
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
		undated int
		fails   bool       // an entry is as bad as --fail-on says
		uids    [][16]byte // with --since: every entry's UID, cancellations included
	}
	cal := newSpilled(ics.CompareRecords)
	defer cal.Close()
	cases, err := app.Each(run, func(c *app.Case) caseCal {
		if !o.Filter.KeepCase(c.Case.Ref, c.Case.Team) {
			return caseCal{}
		}
		es, undated := ics.CaseEntries(c.Case, c.Policy, ics.CaseOptions{AsOf: day, Horizon: horizon, Window: window,
			Naming: naming, Name: c.ChildName, Keep: Keep(o.Filter, c)})
		v := caseCal{undated: undated}
		rs := make([]ics.Record, len(es))
		for i, e := range es {
			rs[i] = ics.RecordOf(e, day, seq(c.Index, i))
			v.fails = v.fails || !e.Cancelled && slices.Contains(fail, e.Status)
			if o.Since != "" {
				v.uids = append(v.uids, rs[i].ID)
			}
		}
		cal.Add(c, rs)
		return v
	})
	if err != nil {
		return err
	}
	app.DropFailed(cal, cases)
	undated, failed, fails := 0, 0, false
	for _, r := range cases {
		undated += r.Value.undated
		fails = fails || r.Value.fails
		if r.Failed {
			failed++
		}
	}
	atrev.Results(at, cases) // findings name the files as the user knows them
	errOut := o.IO.ErrOut
	app.PrintDiags(errOut, app.OnlyFailed(cases))
	notChecked := NotChecked(Kept(cases, o.Filter), day)
	var gone []ics.Event
	var removed *app.Gathered[ics.Record]
	var have map[[16]byte]struct{}
	if o.Since != "" {
		have = map[[16]byte]struct{}{}
		for i := range cases {
			for _, id := range cases[i].Value.uids {
				have[id] = struct{}{}
			}
			cases[i].Value.uids = nil
		}
		for _, e := range notChecked {
			id, _ := ics.ParseUID(e.UID)
			have[id] = struct{}{}
		}
		if gone, removed, err = since(o, run, horizon, naming, have); err != nil {
			return err
		}
		defer removed.Close()
	}
	if err := writeCalendar(o, day, notChecked, cal, gone, removed, have); err != nil {
		return err
	}
	if undated > 0 {
		fmt.Fprintf(errOut, "%s without a date (waiting or no timescale) not in the calendar; see cpcase due\n", cmdutil.PluralN(undated, "obligation"))
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

// writeCalendar writes the calendar: the cases not checked, the entries in order from cal's
// merge, then with --since what the old calendar held and this one does not.
func writeCalendar(o *Options, day civil.Date, notChecked []ics.Event, cal *app.Gathered[ics.Record], gone []ics.Event, removed *app.Gathered[ics.Record], have map[[16]byte]struct{}) error {
	return WriteCalendar(o.IO.Out, Calendar[ics.Record, ics.Record]{
		Options:    ics.Options{AsOf: day, Stamp: Stamp(o.AsOf, o.Now), Todo: o.Todo},
		NotChecked: notChecked,
		Events:     cal,
		Event: func(r *ics.Record) (ics.Event, bool) {
			if !r.IsEvent() {
				return ics.Event{}, false
			}
			return r.Event(), true
		},
		Gone:    gone,
		Removed: removed,
		ID:      func(r *ics.Record) [16]byte { return r.ID },
		Cancel:  (*ics.Record).Event,
		Have:    have,
	})
}

// Calendar is what a calendar command writes, in this order: the cases not checked, the events
// of a merge, then with --since the cancellations of what the old calendar held and this one
// does not (Gone, then those of Removed, each UID once).
type Calendar[E, R any] struct {
	Options    ics.Options
	NotChecked []ics.Event
	Events     *app.Gathered[E]
	Event      func(*E) (ics.Event, bool) // false: the record is not an event
	Gone       []ics.Event
	Removed    *app.Gathered[R]  // nil without --since
	ID         func(*R) [16]byte // its UID's hash
	Cancel     func(*R) ics.Event
	Have       map[[16]byte]struct{} // the UIDs written; a removed one is written only if not here
}

// WriteCalendar writes c to out through ics.Writer, one event at a time.
func WriteCalendar[E, R any](out io.Writer, c Calendar[E, R]) error {
	buf := bufio.NewWriterSize(out, 64<<10)
	w := ics.NewWriter(buf, c.Options)
	for i := range c.NotChecked {
		w.Event(&c.NotChecked[i])
	}
	c.Events.All(func(r *E) bool {
		if e, ok := c.Event(r); ok {
			w.Event(&e)
		}
		return w.Err() == nil
	})
	if err := c.Events.Err(); err != nil {
		return err
	}
	for i := range c.Gone {
		w.Event(&c.Gone[i])
	}
	if c.Removed != nil {
		c.Removed.All(func(r *R) bool {
			if id := c.ID(r); !has(c.Have, id) {
				c.Have[id] = struct{}{}
				e := c.Cancel(r)
				w.Event(&e)
			}
			return w.Err() == nil
		})
		if err := c.Removed.Err(); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return buf.Flush()
}

func has(set map[[16]byte]struct{}, id [16]byte) bool {
	_, ok := set[id]
	return ok
}
