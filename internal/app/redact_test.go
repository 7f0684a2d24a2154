package app

import (
	"testing"

	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/redact"
)

func TestRedactNames(t *testing.T) {
	c := &casefolder.Case{
		Members:  []casefolder.Member{{ID: "sw1", Name: "Sam Okafor"}, {ID: "tch1", Name: "Ruth (designated safeguarding lead, Hollins Primary)"}},
		Children: []casefolder.Child{{ID: "a", Name: "Zoë"}, {ID: "b"}},
	}
	d := diag.List{
		{File: "c/meetings.yaml", Line: 9, Col: 12, Msg: `unknown member "Sam Okafor" in chair (not in members.yaml)`},
		{File: "c/meetings.yaml", Line: 10, Col: 12, Msg: `unknown member "SAM" in chair; unknown child "Zoë" in seen`},
		{File: "c/plan.yaml", Line: 3, Col: 1, Msg: `unknown key "Ruth" in plan.yaml; Samuel, Okafors and sw1 stay; lead safeguarding Primary`},
	}
	got := RedactNames(d, c)
	want := []string{
		`unknown member "` + redact.Label("Sam Okafor") + `" in chair (not in members.yaml)`,
		`unknown member "S." in chair; unknown child "` + redact.Label("Zoë") + `" in seen`,
		`unknown key "R." in plan.yaml; Samuel, Okafors and sw1 stay; lead safeguarding P.`,
	}
	for i := range want {
		if got[i].Msg != want[i] {
			t.Errorf("redactNames(%q)\n = %q\nwant %q", d[i].Msg, got[i].Msg, want[i])
		}
		if got[i].File != d[i].File || got[i].Line != d[i].Line || got[i].Col != d[i].Col {
			t.Errorf("redactNames moved finding %d: %v", i, got[i])
		}
	}
	if d[0].Msg != `unknown member "Sam Okafor" in chair (not in members.yaml)` {
		t.Errorf("redactNames changed its input: %q", d[0].Msg)
	}
}
