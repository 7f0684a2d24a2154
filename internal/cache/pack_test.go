package cache

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// listing is one warm listing's use of the cache, as app.Each makes it: the walk finds each
// case's record in the pack, the case is loaded from it (or its entry), its obligations read or
// evaluated and stored, and what it gives the next pack put in path order. It gives each
// case's obligations, how many came from the pack's records, and whether the pack file was
// written again (its inode changed).
func listing(t *testing.T, c *Cache, root string, dirs []string) (obs [][]engine.Obligation, fromPack int64, rewritten bool) {
	t.Helper()
	reg := policy.NewRegistry()
	horizon := duration.Duration{N: 14, Unit: duration.Days}
	p := c.OpenPack([]string{root})
	before := inode(p.path)
	reads := packReads.Load()
	for _, dir := range dirs {
		rec := p.Find(dir)
		cs, d, _, e := c.LoadPacked(dir, asOf, rec)
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
		p.Put(e.Packed())
		e.Release()
	}
	if err := p.Close(true); err != nil {
		t.Fatalf("writing the pack: %v", err)
	}
	return obs, packReads.Load() - reads, inode(p.path) != before
}

func inode(path string) uint64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Sys().(*syscall.Stat_t).Ino
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
	wantObs := evaluated(t, dirs)
	for run, wantFromPack := range []int64{0, int64(len(dirs)), int64(len(dirs))} {
		got, fromPack, rewritten := listing(t, c, root, dirs)
		if !reflect.DeepEqual(got, wantObs) {
			t.Fatalf("run %d: the obligations differ from the files'", run)
		}
		// The first run writes the entries, with their obligations, and the pack.
		if fromPack != wantFromPack || rewritten != (run == 0) {
			t.Errorf("run %d: %d cases from the pack, want %d; pack written again %v", run, fromPack, wantFromPack, rewritten)
		}
	}
	pack := c.OpenPack([]string{root}).path
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
			root, dirs := examples(t)
			c := open(t)
			listing(t, c, root, dirs)
			listing(t, c, root, dirs)
			c = spoil(t, c, c.OpenPack([]string{root}).path, dirs)
			later(t, 2*time.Hour) // past the racy window of an edit
			got, fromPack, rewritten := listing(t, c, root, dirs)
			if !reflect.DeepEqual(got, evaluated(t, dirs)) {
				t.Fatal("the obligations differ from the files'")
			}
			if fromPack == int64(len(dirs)) || !rewritten {
				t.Errorf("%d of %d cases from the spoilt pack; written again %v", fromPack, len(dirs), rewritten)
			}
			if _, fromPack, rewritten := listing(t, c, root, dirs); fromPack != int64(len(dirs)) || rewritten {
				t.Errorf("the run after: %d of %d cases from the pack, written again %v", fromPack, len(dirs), rewritten)
			}
		})
	}
}

// A case added to the tree or gone from it: the other cases still come from the pack, and the
// pack is written again to match.
func TestPackFollowsCasesAddedAndRemoved(t *testing.T) {
	root, dirs := examples(t)
	c := open(t)
	listing(t, c, root, dirs)
	listing(t, c, root, dirs)
	fewer := append(append([]string(nil), dirs[:2]...), dirs[3:]...)
	if _, fromPack, rewritten := listing(t, c, root, fewer); fromPack != int64(len(fewer)) || !rewritten {
		t.Errorf("a case gone: %d of %d from the pack, written again %v", fromPack, len(fewer), rewritten)
	}
	got, fromPack, rewritten := listing(t, c, root, dirs)
	if !reflect.DeepEqual(got, evaluated(t, dirs)) {
		t.Fatal("the obligations differ from the files'")
	}
	if fromPack != int64(len(fewer)) || !rewritten {
		t.Errorf("a case back: %d of %d from the pack, written again %v", fromPack, len(fewer), rewritten)
	}
}

// A walk that failed leaves the pack as it was.
func TestPackNotWrittenForAFailedWalk(t *testing.T) {
	root, dirs := examples(t)
	c := open(t)
	listing(t, c, root, dirs)
	listing(t, c, root, dirs)
	p := c.OpenPack([]string{root})
	before := inode(p.path)
	for _, dir := range dirs[1:] { // the first case's record is passed over: a new pack begins
		_, _, _, e := c.LoadPacked(dir, asOf, p.Find(dir))
		p.Put(e.Packed())
		e.Release()
	}
	if err := p.Close(false); err != nil || inode(p.path) != before {
		t.Errorf("the pack of a failed walk replaced the old one (%v)", err)
	}
	if _, fromPack, _ := listing(t, c, root, dirs); fromPack != int64(len(dirs)) {
		t.Errorf("%d of %d from the old pack", fromPack, len(dirs))
	}
}
