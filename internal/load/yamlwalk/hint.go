package yamlwalk

import (
	"sort"
	"strings"
)

// MaxHints is how many did-you-mean hints one Hinter gives. Each costs a pass over the words it
// chooses from; without a cap, a file within every limit that names thousands of unknown ids
// against thousands of known ones costs their product (minutes). Past the cap an unknown id is
// still reported, without a hint: a person fixes the first few and runs cpcase again.
const MaxHints = 50

// Hinter gives did-you-mean hints against one list of known words, sorted and lower-cased once.
// It is not safe for concurrent use.
type Hinter struct {
	words, lower []string
	left         int
}

// NewHinter is a Hinter over the keys of set.
func NewHinter(set map[string]bool) *Hinter {
	words := make([]string, 0, len(set))
	for w := range set {
		words = append(words, w)
	}
	sort.Strings(words)
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(w)
	}
	return &Hinter{words: words, lower: lower, left: MaxHints}
}

// Closest is Closest(got, words), or "" once MaxHints hints have been asked for.
func (h *Hinter) Closest(got string) string {
	if h.left <= 0 {
		return ""
	}
	h.left--
	return closest(got, h.words, h.lower)
}
