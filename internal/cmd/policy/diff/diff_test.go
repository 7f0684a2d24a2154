package diff

import (
	"testing"

	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/testutil"
)

// The diffs that read as a sign-off meeting would read them: two test policies that differ
// only in the core group cadence, and two shipped policies that differ in most things.
func TestDiffGoldens(t *testing.T) {
	w4 := testutil.Path(t, "testdata/policies/compare/core-groups-4-weekly.yaml")
	w6 := testutil.Path(t, "testdata/policies/compare/core-groups-6-weekly.yaml")
	for _, tc := range []struct{ name, a, b, format string }{
		{"policy-diff/4-to-6-weekly.txt", w4, w6, "text"},
		{"policy-diff/4-to-6-weekly.md", w4, w6, "markdown"},
		{"policy-diff/4-to-6-weekly.json", w4, w6, "json"},
		{"policy-diff/ch7-to-s9.txt", "core-groups-ch7", "core-groups-s9", "text"},
		{"policy-diff/england-to-wales.txt", "england-wt-2023", "wales-safeguarding-procedures", "text"},
		{"policy-diff/england-to-pre-birth.txt", "england-wt-2023", "england-wt-2023-pre-birth", "text"},
		{"policy-diff/england-to-pre-birth.md", "england-wt-2023", "england-wt-2023-pre-birth", "markdown"},
		{"policy-diff/same.txt", "core-groups-ch7", "core-groups-ch7", "text"},
	} {
		ios, _, out, errOut := iostreams.Test()
		if err := Run(&Options{IO: ios, A: tc.a, B: tc.b, Format: tc.format}); err != nil {
			t.Fatalf("%s: %v\n%s", tc.name, err, errOut)
		}
		testutil.Golden(t, tc.name, out.String())
	}
	ios, _, _, _ := iostreams.Test()
	if err := Run(&Options{IO: ios, A: "core-groups-ch7", B: "core-groups-s9", Format: "xml"}); err == nil {
		t.Error("--format xml: no error")
	}
}
