package redact

import (
	"fmt"
	"strings"
	"testing"
)

func TestLabel(t *testing.T) {
	a, b := Label("Sam Okafor"), Label("Sara Osei")
	if !strings.HasPrefix(a, "S.O.~") || !strings.HasPrefix(b, "S.O.~") || a == b {
		t.Errorf("Label: %q and %q, want two S.O. labels that differ", a, b)
	}
	if Label("  sam   OKAFOR ") != a {
		t.Errorf("the same name in another case or spacing labels differently: %q vs %q", Label("sam OKAFOR"), a)
	}
	if a != "S.O.~"+a[5:] || len(a) != len("S.O.~1234") {
		t.Errorf("Label = %q", a)
	}
	if Label("") != "" || Label("   ") != "" {
		t.Error("empty name gave a label")
	}
}

// 215 workers: the stats by worker, where initials alone merged them into 188 groups.
func TestDistinctPeopleStayDistinct(t *testing.T) {
	first := []string{"Sam", "Sara", "Sean", "Sian", "Tom", "Tara", "Amy", "Ali", "Ben", "Bea", "Cal"}
	last := []string{"Okafor", "Osei", "Owen", "Smith", "Shah", "Taylor", "Ahmed", "Brown", "Clark", "Davies", "Evans", "Jones", "Khan", "Lewis", "Moore", "Patel", "Price", "Roberts", "Walker", "Wright"}
	labels := map[string]string{}
	initialsOnly := map[string]bool{}
	n := 0
	for _, f := range first {
		for _, l := range last {
			if n == 215 {
				break
			}
			name := f + " " + l
			lab := Label(name)
			if other, dup := labels[lab]; dup {
				t.Errorf("%q and %q share the label %s", other, name, lab)
			}
			labels[lab] = name
			initialsOnly[initials(name)] = true
			n++
		}
	}
	if len(labels) != 215 || len(initialsOnly) >= 215 {
		t.Errorf("%d labels for 215 people (%d sets of initials)", len(labels), len(initialsOnly))
	}
}

func TestTextAnyCase(t *testing.T) {
	r := New("Sam Okafor", "Sky", "Jo")
	sam, sky := Label("Sam Okafor"), Label("Sky")
	for _, c := range []struct{ in, want string }{
		{`unknown member "Sam Okafor" in chair`, `unknown member "` + sam + `" in chair`},
		{`unknown member "sam okafor" in chair`, `unknown member "` + sam + `" in chair`},
		{`unknown member "SAM  OKAFOR"`, `unknown member "` + sam + `"`},
		{`child SKY and sky and Sky.`, fmt.Sprintf("child %s and %s and %s.", sky, sky, sky)},
		{`name: Sky`, `name: ` + sky},
		{`okafor wrote; Okafor's visit`, `O. wrote; O.'s visit`},
		{`Skylar and Joanna stay`, `Skylar and Joanna stay`},
		{`Jo`, Label("Jo")},
		{`nothing here`, `nothing here`},
	} {
		if got := r.Text(c.in); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	var nilR *Redactor
	if nilR.Text("Sam") != "Sam" {
		t.Error("nil redactor changed text")
	}
	r2 := r.Add("Ruth Ade")
	if got := r2.Text("ruth ade and Sam Okafor"); got != Label("Ruth Ade")+" and "+sam {
		t.Errorf("Add: %q", got)
	}
}

func TestLowerCaseRecordWords(t *testing.T) {
	r := New("sam okafor", "Ruth (designated safeguarding lead)")
	if got := r.Text("Okafor came; the lead came; Ruth too"); got != "O. came; the lead came; R. too" {
		t.Errorf("got %q", got)
	}
}
