package cache

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// Row 14 of the hostile-files table: a tampered entry (its key rewritten to stand for another
// case, its checksum recomputed) was trusted. Here an attacker who can write into the cache
// folder forges, for case b, an entry holding case a: with b's path and b's file keys, well
// formed, and sealed as well as anyone without the cache's key can (another key). It is a miss.
func TestTamperedEntryIsAMiss(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	a, b := dirs[0], dirs[1]
	for _, d := range []string{a, b} {
		c.Load(d, asOf)
	}
	if _, _, hit := c.Load(b, asOf); !hit {
		t.Fatal("b is not cached; the test cannot forge its entry")
	}
	absB, _ := filepath.Abs(b)
	kb, ok := keys(absB)
	if !ok {
		t.Fatal("keys")
	}
	csA, _, _ := c.Load(a, asOf)
	forger := &Cache{dir: c.dir, ident: c.ident, key: bytes.Repeat([]byte{7}, 32)}
	if _, err := forger.write(c.entryPath(absB), absB, b, kb, csA); err != nil {
		t.Fatal(err)
	}
	cs, _, hit := c.Load(b, asOf)
	if hit || cs == nil || cs.Ref == csA.Ref {
		t.Errorf("the forged entry was trusted: hit %v, case %q", hit, cs.Ref)
	}

	// A byte of a genuine entry changed, the seal left: a miss too.
	c.Load(b, asOf) // the miss above wrote b's entry again
	entry := c.entryPath(absB)
	data, _ := os.ReadFile(entry)
	data[len(data)-sha256.Size-1] ^= 1 // the last byte of the case, before the seal
	os.WriteFile(entry, data, 0o600)
	if _, _, hit := c.Load(b, asOf); hit {
		t.Error("an entry changed after sealing was trusted")
	}

	// Another cache's genuine entries (copied in with its key left behind) are misses.
	other := open(t)
	other.Load(a, asOf)
	absA, _ := filepath.Abs(a)
	copied, _ := os.ReadFile(other.entryPath(absA))
	os.WriteFile(c.entryPath(absA), copied, 0o600)
	if _, _, hit := c.Load(a, asOf); hit {
		t.Error("an entry sealed by another cache was trusted")
	}
}

// Row 14: free text in role and in plan section names was stored verbatim. A case whose role or
// section name is a phrase rather than a word is not cached at all, and still loads the same.
func TestFreeTextRoleOrSectionIsNotCached(t *testing.T) {
	for _, c := range []struct{ file, from, to string }{
		{casefolder.MembersFile, "role: parent", "role: Jo's aunt Mrs Okafor, who drinks"},
		{casefolder.PlanFile, "needs:", "Sky's safety at Mrs Okafor's house:"},
	} {
		_, dirs := examples(t)
		var dir string
		for _, d := range dirs {
			data, _ := os.ReadFile(filepath.Join(d, c.file))
			if strings.Contains(string(data), c.from) {
				dir = d
				os.WriteFile(filepath.Join(d, c.file), []byte(strings.Replace(string(data), c.from, c.to, 1)), 0o644)
				break
			}
		}
		if dir == "" {
			t.Fatalf("no example has %q in %s", c.from, c.file)
		}
		ch := open(t)
		first, d1, _ := ch.Load(dir, asOf)
		if len(d1) > 0 {
			t.Fatalf("%s: the edited case has findings: %v", c.to, d1)
		}
		_, _, hit := ch.Load(dir, asOf)
		if hit {
			t.Errorf("%q: cached", c.to)
		}
		ents, _ := caseEntries(ch.Dir())
		for _, e := range ents {
			data, _ := os.ReadFile(filepath.Join(ch.Dir(), e.Name()))
			if bytes.Contains(data, []byte("Okafor")) {
				t.Errorf("%q: the entry holds it", c.to)
			}
		}
		if first == nil {
			t.Error("not loaded")
		}
	}
}
