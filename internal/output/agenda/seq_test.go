package agenda_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/cpcase/cpcase/internal/output/agenda"
)

// Every row and event of the examples over 120 days, with the cancellations of 28 days, reads back
// from its record exactly, and every shorter record is an error, never a panic.
func TestRecordsReadBack(t *testing.T) {
	rows, closed := build(t, "../../../examples", monday, 120)
	seq := func(i int) uint64 { return 7<<32 | uint64(i) }
	for i, r := range slices.Concat(rows, closed) {
		r.ChildLabel = "A.B."
		p := agenda.PlacedOf(r, uint64(i))
		b, err := agenda.PlacedCodec.Encode(nil, &p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := agenda.PlacedCodec.Decode(b)
		if err != nil || !reflect.DeepEqual(got, p) {
			t.Errorf("row %d: read back %+v, %v\nwant %+v", i, got, err, p)
		}
		for n := range len(b) {
			if _, err := agenda.PlacedCodec.Decode(b[:n]); err == nil {
				t.Errorf("row %d: %d of %d bytes read back", i, n, len(b))
			}
		}
	}
	evs := agenda.CaseEvents(rows, closed, monday, seq)
	if len(evs) < 6 {
		t.Fatalf("%d events", len(evs))
	}
	for i, e := range evs {
		e.At.ObCase += "-other" // every field its own
		b, err := agenda.EventCodec.Encode(nil, &e)
		if err != nil {
			t.Fatal(err)
		}
		got, err := agenda.EventCodec.Decode(b)
		if err != nil || !reflect.DeepEqual(got, e) {
			t.Errorf("event %d: read back %+v, %v\nwant %+v", i, got, err, e)
		}
		for n := range len(b) {
			if _, err := agenda.EventCodec.Decode(b[:n]); err == nil {
				t.Errorf("event %d: %d of %d bytes read back", i, n, len(b))
			}
		}
	}
}

// The events of each case, in the order CompareEvents gives, are the calendar Events writes of
// the rows sorted by Sort: one event per booking however its rows are split among cases.
func TestCaseEventsInOrder(t *testing.T) {
	rows, closed := build(t, "../../../examples", monday, 120)
	want := agenda.Events(rows, nil, monday)
	// Given in reverse, each row's place its place in Sort's order.
	back := slices.Clone(rows)
	slices.Reverse(back)
	got := agenda.CaseEvents(back, nil, monday, func(i int) uint64 { return uint64(len(rows) - 1 - i) })
	slices.SortFunc(got, func(a, b agenda.Event) int { return agenda.CompareEvents(&a, &b) })
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range want {
		if e := got[i].Event(); e != want[i] {
			t.Errorf("event %d: %+v\nwant %+v", i, e, want[i])
		}
	}
	if n := len(agenda.CaseEvents(nil, closed, monday, func(i int) uint64 { return uint64(i) })); n != len(agenda.Events(nil, closed, monday)) || n == 0 {
		t.Errorf("%d cancellations", n)
	}
}
