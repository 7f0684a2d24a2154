package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/testutil"
)

const (
	vocabStart = "<!-- vocabulary: generated from internal/load/policy/vocab.go; go test ./internal/load/policy -run TestReadmeVocabulary -update -->\n"
	vocabEnd   = "<!-- end of vocabulary -->\n"
)

// policies/README.md defines every word of the language from the one table.
func TestReadmeVocabulary(t *testing.T) {
	path := filepath.Join(testutil.Root(t), "policies", "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	a, b := strings.Index(s, vocabStart), strings.Index(s, vocabEnd)
	if a < 0 || b < a {
		t.Fatalf("%s has no vocabulary markers", path)
	}
	want := s[:a+len(vocabStart)] + "\n" + VocabularyMarkdown() + "\n" + s[b:]
	if want == s {
		return
	}
	if testutil.Update() {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("policies/README.md's vocabulary is not the table's: run go test ./internal/load/policy -run TestReadmeVocabulary -update")
}
