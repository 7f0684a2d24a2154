package show

import (
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/testutil"
)

func TestShow(t *testing.T) {
	t.Parallel()
	ios, _, out, _ := iostreams.Test()
	if err := Run(&Options{IO: ios, Policy: "core-groups-s9"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"core-groups-s9: Core groups and the detailed child protection plan (chapter 9)\n",
		"Calendar: england-and-wales bank holidays; the anchor day is day 0 (not counted).\n",
		"\nRules:\n  first-core-group\n      First core group: ",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

// The sign-off paper of a shipped policy.
func TestShowMarkdown(t *testing.T) {
	t.Parallel()
	ios, _, out, _ := iostreams.Test()
	if err := Run(&Options{IO: ios, Policy: "core-groups-s9", Format: "markdown"}); err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, "policy-show/core-groups-s9.md", out.String())
	if err := Run(&Options{IO: ios, Policy: "core-groups-s9", Format: "html"}); err == nil {
		t.Error("--format html: no error")
	}
}
