package due

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/cpcase/cpcase/internal/iostreams"
)

// England's Working Together 2023 calls the lead a lead practitioner: a member with role
// lead-practitioner is the lead when no conference names one, as lead-social-worker is, and is
// the worker of every obligation; the one whose time in the group has ended is not.
func TestLeadPractitioner(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"plan.yaml": "case: P-LP\nchildren: [{id: a, born: 2019-04-02}]\nconferences:\n" +
			"  - {kind: initial, date: 2026-11-02, decision: plan}\n",
		"members.yaml": "members:\n  - {id: old, role: lead-practitioner, to: 2026-11-01}\n" +
			"  - {id: lp1, name: Ana Lopes, role: lead-practitioner, from: 2026-11-02}\n  - {id: mum, role: parent}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ios, _, out, errOut := iostreams.Test()
	o := options(ios)
	o.Paths, o.Policy, o.Format, o.All = []string{dir}, "england-wt-2023", "json", true
	if err := Run(o); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	var recs []struct{ Rule, Worker string }
	if err := json.Unmarshal(out.Bytes(), &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Fatal("no obligations")
	}
	for _, r := range recs {
		if r.Worker != "lp1" {
			t.Errorf("%s: worker %q, want the lead practitioner lp1", r.Rule, r.Worker)
		}
	}
}
