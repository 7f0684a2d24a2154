package cache

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// listing is one warm listing's use of the cache, as app.Each makes it for a table: the walk
// finds each case's record in the pack, the case is loaded from it (or its entry) with its
// members.yaml held open, its obligations read or evaluated and stored, its names filled in
// (every other case: the others are released with the file unread), and what it gives the next
// pack put in path order. It gives each case's obligations, how many came from the pack's
// records, and whether the pack file was written again (its inode changed); no file is left
// open.
func listing(t *testing.T, c *Cache, root string, dirs []string) (obs [][]engine.Obligation, fromPack int64, rewritten bool) {
	t.Helper()
	reg := policy.NewRegistry()
	horizon := duration.Duration{N: 14, Unit: duration.Days}
	fds := openFDs(t)
	p := c.OpenPack([]string{root})
	before, _ := os.Stat(p.path)
	reads := packReads.Load()
	for i, dir := range dirs {
		rec := p.Find(dir)
		cs, d, hit, e := c.LoadPacked(dir, asOf, rec, func(engine.Status) bool { return true })
		if len(d) > 0 || cs == nil {
			t.Fatalf("%s: %v", dir, d)
		}
		pol, _, err := reg.Resolve(cs.Policy)
		if err != nil || pol == nil {
			t.Fatalf("%s: policy %s: %v", dir, cs.Policy, err)
		}
		key := EvalKey(pol, asOf, horizon)
		got, ok := e.Obligations(key)
		if !ok {
			whole := e.Case()
			if whole == nil {
				whole = mustLoad(t, dir)
			}
			got = engine.Evaluate(whole, pol, engine.Options{AsOf: asOf, Horizon: horizon})
			e.PutObligations(key, got)
		}
		obs = append(obs, got)
		if hit && i%2 == 0 {
			compareNames(t, dir, e.FillSummary(cs, Need{Children: true, PlanActions: true, MeetingActions: true}), mustLoad(t, dir))
		}
		p.Put(e.Packed())
		e.Release()
	}
	if err := p.Close(true); err != nil {
		t.Fatalf("writing the pack: %v", err)
	}
	if n := openFDs(t); n != fds {
		t.Errorf("%d files open after the listing, %d before", n, fds)
	}
	return obs, packReads.Load() - reads, replaced(before, p.path)
}

// warmed is the examples with a cache that two listings have filled, the second from its pack.
func warmed(t *testing.T) (root string, dirs []string, c *Cache) {
	t.Helper()
	root, dirs = examples(t)
	c = open(t)
	listing(t, c, root, dirs)
	listing(t, c, root, dirs)
	return root, dirs, c
}

// packPath is the file of the pack of a walk over root.
func packPath(c *Cache, root string) string {
	p := c.OpenPack([]string{root})
	p.Close(false)
	return p.path
}

// openFDs is how many files the test has open.
func openFDs(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0 // not Linux: nothing is held open there
	}
	return len(ents)
}

// listed is a listing held to the files, to how many cases came from the pack (fewer than all
// for -1) and to whether the pack was written again.
func listed(t *testing.T, c *Cache, root string, dirs []string, fromPack int, rewritten bool, what string) {
	t.Helper()
	got, n, again := listing(t, c, root, dirs)
	if !reflect.DeepEqual(got, evaluated(t, dirs)) {
		t.Fatalf("%s: the obligations differ from the files'", what)
	}
	if (fromPack < 0 && n == int64(len(dirs))) || (fromPack >= 0 && n != int64(fromPack)) || again != rewritten {
		t.Errorf("%s: %d of %d cases from the pack, want %d; written again %v, want %v", what, n, len(dirs), fromPack, again, rewritten)
	}
}

// replaced reports whether the file at path is not the one before was (nil: there was none).
func replaced(before os.FileInfo, path string) bool {
	after, err := os.Stat(path)
	if err != nil {
		return before != nil
	}
	return before == nil || !os.SameFile(before, after)
}

// evaluated is every case's obligations, evaluated from its files.
func evaluated(t *testing.T, dirs []string) [][]engine.Obligation {
	reg := policy.NewRegistry()
	horizon := duration.Duration{N: 14, Unit: duration.Days}
	var out [][]engine.Obligation
	for _, dir := range dirs {
		cs := mustLoad(t, dir)
		p, _, _ := reg.Resolve(cs.Policy)
		out = append(out, engine.Evaluate(cs, p, engine.Options{AsOf: asOf, Horizon: horizon}))
	}
	return out
}

// A second listing of the same tree reads every case from the pack and leaves the pack as it
// was; each run gives what the files say.
func TestPackServesTheNextListing(t *testing.T) {
	root, dirs := examples(t)
	c := open(t)
	// The first run writes the entries, with their obligations, and the pack.
	listed(t, c, root, dirs, 0, true, "first run")
	listed(t, c, root, dirs, len(dirs), false, "second run")
	listed(t, c, root, dirs, len(dirs), false, "third run")
	// A case from the pack is its summary, its actions read when asked.
	p := c.OpenPack([]string{root})
	for _, dir := range dirs {
		cs, _, hit, e := c.LoadPacked(dir, asOf, p.Find(dir), nil)
		if !hit || cs.Plan != nil || cs.Meetings != nil {
			t.Errorf("%s: hit %v; the actions read before they were asked for", dir, hit)
		}
		if !e.SummaryActions(cs) || !reflect.DeepEqual(cs, summaryOf(mustLoad(t, dir))) {
			t.Errorf("%s: the summary from the pack, with its actions, is not the case's summary", dir)
		}
		e.Release()
	}
	p.Close(false)
	pack := packPath(c, root)
	info, err := os.Stat(pack)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the pack is not a private file: %v %v", info, err)
	}
	// Like the entries, the pack holds no names.
	data, _ := os.ReadFile(pack)
	for _, dir := range dirs {
		cs := mustLoad(t, dir)
		for _, ch := range cs.Children {
			if ch.Name != "" && containsWord(data, ch.Name) {
				t.Errorf("the pack holds the name %q", ch.Name)
			}
		}
		for _, m := range cs.Members {
			if m.Name != "" && containsWord(data, m.Name) {
				t.Errorf("the pack holds the name %q", m.Name)
			}
		}
	}
}

// A record of a case whose files changed, a record damaged or cut short, or a pack of another
// build, is passed over: the case is read from its entry or its files, the listing is what the
// files say, and the pack is written again.
func TestPackPassedOverWhenItCannotBeTrusted(t *testing.T) {
	for name, spoil := range map[string]func(t *testing.T, c *Cache, pack string, dirs []string) *Cache{
		"file changed": func(t *testing.T, c *Cache, pack string, dirs []string) *Cache {
			visits := filepath.Join(dirs[2], "visits.yaml")
			data, _ := os.ReadFile(visits)
			os.WriteFile(visits, append(data, "\n# seen\n"...), 0o644)
			return c
		},
		"record damaged": func(t *testing.T, c *Cache, pack string, dirs []string) *Cache {
			data, _ := os.ReadFile(pack)
			data[len(data)-sha256.Size-1] ^= 1 // the last case's record, before its seal
			os.WriteFile(pack, data, 0o600)
			return c
		},
		"cut short": func(t *testing.T, c *Cache, pack string, dirs []string) *Cache {
			data, _ := os.ReadFile(pack)
			os.WriteFile(pack, data[:len(data)/2], 0o600)
			return c
		},
		"another build": func(t *testing.T, c *Cache, pack string, dirs []string) *Cache {
			// Its entries too are of another build.
			return &Cache{dir: c.dir, wd: c.wd, ident: "another build", identSum: sha256.Sum256([]byte("another build")), key: c.key}
		},
		"another cache's key": func(t *testing.T, c *Cache, pack string, dirs []string) *Cache {
			// Its entries too are sealed by another key.
			return &Cache{dir: c.dir, wd: c.wd, ident: c.ident, identSum: c.identSum, key: []byte("another cache's key, 32 bytes..")}
		},
	} {
		t.Run(name, func(t *testing.T) {
			root, dirs, c := warmed(t)
			c = spoil(t, c, packPath(c, root), dirs)
			later(t, 2*time.Hour) // past the racy window of an edit
			listed(t, c, root, dirs, -1, true, "the spoilt pack")
			listed(t, c, root, dirs, len(dirs), false, "the run after")
		})
	}
}

// A case added to the tree or gone from it: the other cases still come from the pack, and the
// pack is written again to match.
func TestPackFollowsCasesAddedAndRemoved(t *testing.T) {
	root, dirs, c := warmed(t)
	fewer := append(append([]string(nil), dirs[:2]...), dirs[3:]...)
	listed(t, c, root, fewer, len(fewer), true, "a case gone")
	listed(t, c, root, dirs, len(fewer), true, "a case back")
	listed(t, c, root, dirs, len(dirs), false, "the run after")
}

// A walk that failed leaves the pack as it was.
func TestPackNotWrittenForAFailedWalk(t *testing.T) {
	root, dirs, c := warmed(t)
	p := c.OpenPack([]string{root})
	before, _ := os.Stat(p.path)
	for _, dir := range dirs[1:] { // the first case's record is passed over: a new pack begins
		_, _, _, e := c.LoadPacked(dir, asOf, p.Find(dir), nil)
		p.Put(e.Packed())
		e.Release()
	}
	if err := p.Close(false); err != nil || replaced(before, p.path) {
		t.Errorf("the pack of a failed walk replaced the old one (%v)", err)
	}
	listed(t, c, root, dirs, len(dirs), false, "the run after")
}
