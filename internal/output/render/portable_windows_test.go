package render

import (
	"testing"

	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// TestRecordAnchorIsPortable: a case found under a drive letter or on a network share is
// anchored with / in CSV and JSON, as on every other system.
func TestRecordAnchorIsPortable(t *testing.T) {
	for file, want := range map[string]string{
		`C:\Users\sam\cases\NR-1\visits.yaml`:   "C:/Users/sam/cases/NR-1/visits.yaml:12",
		`\\server\share\cases\NR-1\visits.yaml`: "//server/share/cases/NR-1/visits.yaml:12",
		`cases\NR-1\visits.yaml`:                "cases/NR-1/visits.yaml:12",
		`cases/NR-1\visits.yaml`:                "cases/NR-1/visits.yaml:12",
	} {
		r := ToRecord(Item{Obligation: engine.Obligation{Anchor: yamlwalk.Pos{File: file, Line: 12, Col: 5}}})
		if r.Anchor != want {
			t.Errorf("anchor of %s = %s, want %s", file, r.Anchor, want)
		}
	}
}
