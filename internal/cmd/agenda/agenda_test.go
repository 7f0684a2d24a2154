package agenda

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	goics "github.com/arran4/golang-ical"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/history/gittest"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/agenda"
	"github.com/cpcase/cpcase/internal/output/filter"
	"github.com/cpcase/cpcase/internal/output/ics"
	"github.com/cpcase/cpcase/internal/output/render"
)

// agendaRun runs `cpcase agenda` on the examples as of 23 Nov 2026, changed by mod.
func agendaRun(t *testing.T, mod func(*Options)) (string, string, error) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	o := &Options{IO: ios, Today: func() civil.Date { return civil.MustParse("2026-11-23") },
		Paths: []string{"../../../examples"}, AsOf: "2026-11-23", Days: 28, Format: "table"}
	if mod != nil {
		mod(o)
	}
	err := Run(o)
	return out.String(), errOut.String(), err
}

// JSON: the five bookings of the next four weeks, the second the booking case's core group
// moved to after its due date (the rows are worked by hand in internal/output/agenda).
func TestAgendaJSON(t *testing.T) {
	out, _, err := agendaRun(t, func(o *Options) { o.Format = "json" })
	if err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	if err := json.Unmarshal([]byte(out), &recs); err != nil || len(recs) != 5 {
		t.Fatalf("%d records: %v", len(recs), err)
	}
	if r := recs[1]; r["case"] != "EX-BK-0001" || r["booked"] != "2026-12-03" || r["due"] != "2026-11-26" || r["booked_late"] != true {
		t.Errorf("second row %v", r)
	}
}

// The calendar: one event per booking and one per unbooked obligation over 120 days (5 + 1), a
// case that cannot be read as an event on the as-of date, first.
func TestAgendaICS(t *testing.T) {
	out, _, err := agendaRun(t, func(o *Options) {
		o.Format, o.Days = "ics", 120
		o.Paths = append(o.Paths, "../../../testdata/malformed/unknown-key")
	})
	if !errors.Is(err, cmdutil.ErrFindings) {
		t.Fatalf("%v, want findings", err)
	}
	cal, perr := goics.ParseCalendar(strings.NewReader(out))
	if perr != nil {
		t.Fatal(perr)
	}
	var got []string
	for _, ev := range cal.Events() {
		if ev.GetProperty(goics.ComponentPropertyStatus).Value != "CANCELLED" {
			got = append(got, ev.GetProperty(goics.ComponentPropertyDtStart).Value+" "+ev.GetProperty(goics.ComponentPropertySummary).Value)
		}
	}
	if len(got) != 7 || got[0] != "20261123 MF-UNKNOWN-KEY-01: not checked: fix it to see what is due" {
		t.Errorf("events:\n%s", strings.Join(got, "\n"))
	}
}

// Children by id unless --names (names) or --redact (initials); the flags' help warns.
func TestAgendaUsage(t *testing.T) {
	for name, mod := range map[string]func(*Options){
		"--days 0":         func(o *Options) { o.Days = 0 },
		"--days too many":  func(o *Options) { o.Days = 100000 },
		"--format":         func(o *Options) { o.Format = "pdf" },
		"--names --redact": func(o *Options) { o.Names, o.Redact = true, true },
		"--cancelled":      func(o *Options) { o.Cancelled = "1 week" },
		"--as-of":          func(o *Options) { o.AsOf = "tomorrow" },
	} {
		if _, _, err := agendaRun(t, mod); !cmdutil.IsUsage(err) {
			t.Errorf("%s: %v, want a usage error", name, err)
		}
	}
	cmd := NewCmdAgenda(&cmdutil.Factory{}, nil)
	if u := cmd.Flags().Lookup("names").Usage; !strings.Contains(u, "WARNING") {
		t.Errorf("--names: %q", u)
	}
	if d := cmd.Flags().Lookup("days").DefValue; d != "28" {
		t.Errorf("--days defaults to %s", d)
	}
}

// bookedHistory is a git repository holding the s9 example as cases/s9, with a core group booked
// for 12 January 2027 beyond the next one, committed on 20 Nov; files are what was committed.
func bookedHistory(t *testing.T) (*gittest.Repo, map[string]string) {
	t.Helper()
	r := gittest.New(t)
	files := map[string]string{}
	for _, f := range []string{"plan.yaml", "members.yaml", "visits.yaml", "meetings.yaml"} {
		b, err := os.ReadFile("../../../examples/s9-three-children/" + f)
		if err != nil {
			t.Fatal(err)
		}
		files["cases/s9/"+f] = string(b)
	}
	files["cases/s9/meetings.yaml"] += "  - date: 2027-01-12\n    kind: core-group\n    chair: sw1\n"
	r.Write(files)
	r.Commit("2026-11-20T10:00:00Z", "s9")
	return r, files
}

// --since REV: a core group booked beyond the next one meets no obligation yet, so its event is
// named by its date; moved from 12 to 19 January after the agenda of 23 Nov was imported, the
// agenda of 30 Nov made with --since 2026-11-23 cancels the old event, and only the new one is
// left.
func TestAgendaSinceCancelsMovedBooking(t *testing.T) {
	r, files := bookedHistory(t)
	cases := filepath.Join(r.Dir, "cases")
	export := func(day, since string) string {
		out, errOut, err := agendaRun(t, func(o *Options) { o.Paths, o.AsOf, o.Days, o.Format, o.Since = []string{cases}, day, 120, "ics", since })
		if err != nil {
			t.Fatalf("%v: %s", err, errOut)
		}
		return out
	}
	uids := func(text string, status string) map[string]string {
		cal, err := goics.ParseCalendar(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, e := range cal.Events() {
			if e.GetProperty(goics.ComponentPropertyStatus).Value == status {
				out[e.Id()] = e.GetProperty(goics.ComponentPropertyDtStart).Value + " " + e.GetProperty(goics.ComponentPropertySummary).Value
			}
		}
		return out
	}
	first := uids(export("2026-11-23", ""), "CONFIRMED")
	r.Write(map[string]string{"cases/s9/meetings.yaml": strings.Replace(files["cases/s9/meetings.yaml"], "2027-01-12", "2027-01-19", 1)})
	r.Commit("2026-11-27T10:00:00Z", "Move the January core group")
	second := export("2026-11-30", "2026-11-23")
	cancelled, open := uids(second, "CANCELLED"), uids(second, "CONFIRMED")
	for uid, ev := range first {
		if _, ok := open[uid]; !ok && !strings.Contains(cancelled[uid], ev[9:]) {
			t.Errorf("%q, in the first calendar, is neither in the second nor cancelled by it", ev)
		}
	}
	var old string
	for uid, ev := range first {
		if strings.HasPrefix(ev, "20270112 ") {
			old = uid
		}
	}
	if old == "" || !strings.HasPrefix(cancelled[old], "20270112 Removed: EX-S9-0001: core group") {
		t.Errorf("the booking of 12 Jan: %q in the first, cancelled as %q", first[old], cancelled[old])
	}
	if _, _, err := agendaRun(t, func(o *Options) { o.Since = "2026-11-23" }); !cmdutil.IsUsage(err) {
		t.Errorf("--since without --format ics: %v", err)
	}
}

// The filters of due: --worker sw2 keeps the core group of EX-W17-0001 alone (its lead is sw2),
// --team keeps one team's, --status overdue nothing (no booked or bookable obligation of the
// examples is overdue on 23 Nov), --rule a pattern.
func TestAgendaFilters(t *testing.T) {
	for name, c := range map[string]struct {
		f    filter.Filter
		want []string
	}{
		"--worker sw2":        {filter.Filter{Workers: []string{"sw2"}}, []string{"EX-W17-0001"}},
		"--team":              {filter.Filter{Teams: []string{"team north (example)"}}, []string{"EX-S9-0001"}},
		"--status overdue":    {filter.Filter{Statuses: []string{"overdue"}}, nil},
		"--rule core-group-*": {filter.Filter{Rules: []string{"core-group-*"}}, []string{"EX-CH7-0001", "EX-BK-0001", "EX-CH7-0002", "EX-S9-0001", "EX-W17-0001"}},
		"--case 'EX-CH7-*'":   {filter.Filter{Cases: []string{"EX-CH7-*"}}, []string{"EX-CH7-0001", "EX-CH7-0002"}},
	} {
		out, _, err := agendaRun(t, func(o *Options) { o.Format, o.Filter = "json", c.f })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var recs []map[string]any
		if err := json.Unmarshal([]byte(out), &recs); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range recs {
			got = append(got, r["case"].(string))
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
	if _, _, err := agendaRun(t, func(o *Options) { o.Filter.Statuses = []string{"overdeu"} }); !cmdutil.IsUsage(err) {
		t.Errorf("a status that is not one: %v", err)
	}
}

// With a budget of one byte every row and event goes through the temporary file, one run each,
// and is merged back: the bytes are those of the agenda held in memory, in every format, on a
// terminal too, with filters, --since, a case that cannot be read and a case reference used twice
// (the second folder's rows, added before it failed, are left out).
func TestAgendaThroughDisk(t *testing.T) {
	dir := t.TempDir()
	for _, src := range []string{"../../../examples/s9-three-children", "../../../examples/booking-cadence-set-by-conference"} {
		if err := os.CopyFS(filepath.Join(dir, filepath.Base(src)), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(dir, "zz-same-ref"), os.DirFS("../../../examples/s9-three-children")); err != nil {
		t.Fatal(err)
	}
	r, files := bookedHistory(t)
	r.Write(map[string]string{"cases/s9/meetings.yaml": strings.Replace(files["cases/s9/meetings.yaml"], "2027-01-12", "2027-01-19", 1)})
	r.Commit("2026-11-27T10:00:00Z", "Move the January core group")
	history := filepath.Join(r.Dir, "cases")

	runs := map[string]func(*Options){
		"table":           func(o *Options) {},
		"table, 120 days": func(o *Options) { o.Days = 120 },
		"json":            func(o *Options) { o.Format, o.Days = "json", 120 },
		"csv":             func(o *Options) { o.Format, o.Days = "csv", 120 },
		"ics":             func(o *Options) { o.Format, o.Days = "ics", 120 },
		"ics --names":     func(o *Options) { o.Format, o.Days, o.Names = "ics", 60, true },
		"--worker sw2":    func(o *Options) { o.Days, o.Filter = 120, filter.Filter{Workers: []string{"sw2"}} },
		"--team, csv":     func(o *Options) { o.Format, o.Filter = "csv", filter.Filter{Teams: []string{"team north (example)"}} },
		"--worker, ics":   func(o *Options) { o.Format, o.Days, o.Filter = "ics", 120, filter.Filter{Workers: []string{"sw2"}} },
		"not read, ics": func(o *Options) {
			o.Format, o.Days = "ics", 120
			o.Paths = append(o.Paths, "../../../testdata/malformed/unknown-key")
		},
		"same reference":      func(o *Options) { o.Paths, o.Days = []string{dir}, 120 },
		"same reference, ics": func(o *Options) { o.Paths, o.Format, o.Days = []string{dir}, "ics", 120 },
		"--since": func(o *Options) {
			o.Paths, o.AsOf, o.Days, o.Format, o.Since = []string{history}, "2026-11-30", 120, "ics", "2026-11-23"
		},
		"--since --case": func(o *Options) {
			o.Paths, o.AsOf, o.Days, o.Format, o.Since = []string{history}, "2026-11-30", 120, "ics", "2026-11-23"
			o.Filter = filter.Filter{Cases: []string{"EX-S9-*"}}
		},
	}
	for name, mod := range runs {
		for _, tty := range []bool{false, true} {
			run := func() (string, string, error) {
				return agendaRun(t, func(o *Options) {
					mod(o)
					o.IO.SetStdoutTTY(tty)
					o.IO.SetColorEnabled(tty)
				})
			}
			memOut, memErr, memRC := run()
			if !strings.Contains(memOut, "EX-") {
				t.Errorf("%s: nothing shown:\n%s%s", name, memOut, memErr)
			}
			old := budget
			budget = 1
			diskOut, diskErr, diskRC := run()
			budget = old
			if diskOut != memOut || diskErr != memErr || !errors.Is(diskRC, memRC) {
				t.Errorf("%s (terminal %v): through the disk\n%s%s%v\nheld in memory\n%s%s%v", name, tty, diskOut, diskErr, diskRC, memOut, memErr, memRC)
			}
		}
	}
}

// On a terminal the table drawn from the merge is, to the byte, the boxed table render.WriteTable
// draws of every row held and sorted (as the agenda was drawn before it streamed): in box-drawing
// characters and in ASCII, with colour and without.
func TestAgendaTerminalTable(t *testing.T) {
	day := civil.MustParse("2026-11-23")
	run := app.Options{Paths: []string{"../../../examples"}, AsOf: day, BornBy: day, NeedPolicy: true}
	var rows []agenda.Row
	var mu sync.Mutex
	if _, err := each(run, day, 120, 0, ics.ByID, filter.Filter{}, func(_ *app.Case, rs, _ []agenda.Row) struct{} {
		mu.Lock()
		defer mu.Unlock()
		rows = append(rows, rs...)
		return struct{}{}
	}); err != nil {
		t.Fatal(err)
	}
	agenda.Sort(rows) // the cases' rows in any order: their ties are broken by case reference
	if len(rows) < 6 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, s := range []render.Style{{Terminal: true}, {Terminal: true, ASCII: true}, {Terminal: true, Color: true}} {
		var want bytes.Buffer
		if err := render.WriteTable(&want, agenda.Table(rows, day), s); err != nil {
			t.Fatal(err)
		}
		out, _, err := agendaRun(t, func(o *Options) {
			o.Days = 120
			o.IO.SetStdoutTTY(true)
			o.IO.SetColorEnabled(s.Color)
			o.IO.SetASCIIBorders(s.ASCII)
		})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(out, "\n")
		if got := strings.Join(lines[1:len(lines)-2], ""); got != want.String() {
			t.Errorf("%+v:\n%s\nwant\n%s", s, got, want.String())
		}
	}
}
