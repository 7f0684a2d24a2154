package render

import (
	"testing"

	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// TestPortable: on every system a / path is data as it stands; on Unix a backslash is a
// character of a file name and is kept (portable_windows_test.go covers Windows' separators).
func TestPortable(t *testing.T) {
	for _, tc := range []struct {
		pos  yamlwalk.Pos
		want string
	}{
		{yamlwalk.Pos{File: "cases/NR-1/visits.yaml", Line: 3, Col: 7}, "cases/NR-1/visits.yaml:3"},
		{yamlwalk.Pos{File: "/srv/cases/NR-1/plan.yaml"}, "/srv/cases/NR-1/plan.yaml"},
	} {
		if got := Portable(tc.pos); got != tc.want {
			t.Errorf("Portable(%+v) = %s, want %s", tc.pos, got, tc.want)
		}
	}
}
