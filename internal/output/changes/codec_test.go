package changes

import (
	"reflect"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// An earlier case's obligations read back exactly from the temporary file, and a record cut
// short anywhere is an error, never a panic or a wrong obligation.
func TestObligationsCodec(t *testing.T) {
	obs := []engine.Obligation{
		{Case: "NR-1", Team: "North", Rule: "child-seen", Child: "a", Status: engine.Overdue,
			Due: civil.MustParse("2026-11-19"), Days: 4, HasDays: true,
			Anchor: casefolder.Pos{File: "cases/a/visits.yaml", Line: 3, Col: 5},
			Basis:  &engine.Basis{MetAt: casefolder.Pos{File: "cases/a/visits.yaml", Line: 9, Col: 5}}},
		{Case: "NR-1", Rule: "first-core-group", Status: engine.Met, Met: civil.MustParse("2026-11-12"),
			Anchor: casefolder.Pos{File: "cases/a/plan.yaml", Line: 5, Col: 5}},
	}
	rec := encodeObligations(nil, obs)
	got, err := decodeObligations(rec)
	if err != nil || !reflect.DeepEqual(got, obs) {
		t.Fatalf("read back %+v, %v; want %+v", got, err, obs)
	}
	for n := range len(rec) {
		if got, err := decodeObligations(rec[:n]); err == nil {
			t.Fatalf("a record cut at %d of %d bytes read as %+v", n, len(rec), got)
		}
	}
}
