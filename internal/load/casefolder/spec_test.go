package casefolder

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/load/shape"
)

// The drift between this description and the loader is tested in internal/schema, which asks the
// loader what it accepts; these test the description itself.

func TestSpecIsWellFormed(t *testing.T) {
	for _, f := range Files {
		m := Spec(f)
		if m == nil || m.Name != f {
			t.Fatalf("Spec(%q) = %v", f, m)
		}
		if probs := m.Check(); len(probs) > 0 {
			t.Errorf("%s: %s", f, strings.Join(probs, "; "))
		}
	}
	if Spec("notes.yaml") != nil {
		t.Error("Spec of a file that is not a case file")
	}
	if !reflect.DeepEqual(MeetingFields(), MeetingSpec.Keys()) {
		t.Errorf("MeetingFields() = %v", MeetingFields())
	}
}

// TestEveryKeyIsDescribed: every key has the few words the editors' schemas show on hover and
// cpcase init writes beside it.
func TestEveryKeyIsDescribed(t *testing.T) {
	for _, f := range Files {
		Spec(f).Walk(func(m *shape.Mapping) {
			for _, fl := range m.Fields {
				if strings.TrimSpace(fl.Doc) == "" {
					t.Errorf("%s: key %s of %s has no description", f, fl.Key, m.Name)
				}
			}
		})
	}
}
