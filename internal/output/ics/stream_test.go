package ics_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/output/ics"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/speed"
)

// entries are n calendar entries drawn from few values, so that every field Less reads ties
// often, and some entries tie on all of them.
func entries(n int) []ics.Entry {
	r := rand.New(rand.NewPCG(7, 21))
	statuses := []engine.Status{engine.Overdue, engine.Due, engine.Open, engine.Met, engine.Late, engine.Missed}
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	var out []ics.Entry
	for range n {
		o := engine.Obligation{Case: pick("A-1", "A-10", "B-2"), Rule: pick("r", "r.a", "s"), Child: pick("", "l", "leo"),
			Status: statuses[r.IntN(len(statuses))], Anchor: casefolder.Pos{File: "visits.yaml", Line: r.IntN(3)},
			Title: "Child seen", Policy: "p", Team: "North"}
		if r.IntN(8) > 0 {
			o.Due = monday.AddDays(r.IntN(5) - 2)
		}
		out = append(out, ics.Entry{Item: render.Item{Obligation: o, ChildLabel: o.Child}, Key: o.Case + "\x00" + pick("k1", "k2", "k"),
			Cancelled: r.IntN(3) == 0})
	}
	return out
}

// Records in CompareRecords order are the entries in the order of a stable sort by Less, in
// memory and through a Spill's runs on disk alike: the calendar's order is the same however it
// is sorted.
func TestRecordsSortAsEntries(t *testing.T) {
	es := entries(2000)
	type placed struct {
		e ics.Entry
		i int
	}
	want := make([]placed, len(es))
	for i, e := range es {
		want[i] = placed{e, i}
	}
	slices.SortStableFunc(want, func(a, b placed) int {
		switch {
		case ics.Less(a.e, b.e):
			return -1
		case ics.Less(b.e, a.e):
			return 1
		}
		return 0
	})
	for _, budget := range []int{1, 7, 500, 5000} {
		sp := speed.NewSpill(budget, ics.CompareRecords, ics.RecordCodec)
		for i, e := range es {
			// Ties are broken by the case's place in path order, then the entry's in its case.
			sp.Add(ics.RecordOf(e, monday, uint64(i/10)<<32|uint64(i%10)))
		}
		var got []int
		sp.Each(func(r *ics.Record) bool {
			got = append(got, int(r.Seq>>32)*10+int(uint32(r.Seq)))
			return true
		})
		if err := sp.Err(); err != nil {
			t.Fatal(err)
		}
		sp.Close()
		if len(got) != len(want) {
			t.Fatalf("budget %d: %d records, want %d", budget, len(got), len(want))
		}
		for k := range want {
			if got[k] != want[k].i {
				t.Fatalf("budget %d: record %d is entry %d, want %d", budget, k, got[k], want[k].i)
			}
		}
	}
}

// A record comes back from its run as it went in, and a record cut short or with bytes after it
// is an error, never a panic or a wrong event.
func TestRecordCodec(t *testing.T) {
	o := engine.Obligation{Case: "NR-1", Rule: "visit", Title: "Child seen « ünïcödé »", Child: "z", Policy: "p",
		Due: civil.MustParse("2026-11-20"), Status: engine.Overdue, Days: 3, HasDays: true,
		Anchor: casefolder.Pos{File: "cases/x/visits.yaml", Line: 12}, Team: "North"}
	for _, e := range []ics.Entry{
		{Item: render.Item{Obligation: o, ChildLabel: "Zoë"}, Key: "NR-1\x00visit\x00z"},
		{Item: render.Item{Obligation: o}, Key: "NR-1\x00visit\x00z", Cancelled: true},
		{Item: render.Item{Obligation: engine.Obligation{Case: "NR-2", Status: engine.Open}}},
	} {
		r := ics.RecordOf(e, monday, 1<<40|3)
		if r.IsEvent() != !e.Due.IsZero() {
			t.Errorf("%q: IsEvent %v", e.Key, r.IsEvent())
		}
		if ev := r.Event(); r.IsEvent() && (ev.UID != ics.UID(e.Key) || ev.Day != ics.On(e, monday) || ev.Summary != ics.Summary(e, monday) ||
			ev.Text != ics.Description(e) || ev.Category != ics.Category(e) || ev.Cancelled != e.Cancelled) {
			t.Errorf("%q: event %+v", e.Key, ev)
		}
		b, err := ics.RecordCodec.Encode(nil, &r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ics.RecordCodec.Decode(b)
		if err != nil || back != r {
			t.Errorf("%q: read back %+v (%v), want %+v", e.Key, back, err, r)
		}
		for n := range len(b) {
			if _, err := ics.RecordCodec.Decode(b[:n]); err == nil {
				t.Errorf("%q: a record cut to %d of %d bytes read back", e.Key, n, len(b))
			}
		}
		if _, err := ics.RecordCodec.Decode(append(b, 0)); err == nil {
			t.Errorf("%q: a record with a byte after it read back", e.Key)
		}
	}
}

// ParseUID reads back what UID writes, and nothing else.
func TestParseUID(t *testing.T) {
	for i := range 5 {
		key := "case\x00rule\x00" + strconv.Itoa(i)
		id, ok := ics.ParseUID(ics.UID(key))
		if !ok || id != ics.UIDOf(key) {
			t.Errorf("%q: %x %v", key, id, ok)
		}
	}
	for _, s := range []string{"", "x@cpcase", "00112233445566778899aabbccddeeff", "00112233445566778899aabbccddeefg@cpcase"} {
		if _, ok := ics.ParseUID(s); ok {
			t.Errorf("%q read as a UID", s)
		}
	}
}
