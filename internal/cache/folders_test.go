//go:build linux

package cache

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// find walks root with the cache's record of folders and saves it, as a run does.
func find(t *testing.T, c *Cache, root string) ([]string, *Folders) {
	t.Helper()
	f := c.Folders()
	dirs, err := casefolder.FindWith([]string{root}, f)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return dirs, f
}

// The cache remembers the case folders with no folder inside; a walk takes those unchanged for
// cases without reading them, and reads any that changed, so a case added inside one is found.
func TestFoldersRememberedUntilChanged(t *testing.T) {
	root, dirs := examples(t)
	c := open(t)
	want, _ := casefolder.Find([]string{root})
	got, _ := find(t, c, root)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("first walk: %v, want %v", got, want)
	}
	info, err := os.Stat(filepath.Join(c.dir, foldersFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the record of folders: %v, %v (want 0600)", info, err)
	}
	f := c.Folders()
	for _, dir := range dirs {
		if !f.Known(dir) {
			t.Errorf("%s: not remembered", dir)
		}
	}
	if f.Known(root) {
		t.Errorf("the folder of cases is remembered as a case")
	}
	// A file added to one case folder, a case inside another: both are read again.
	if err := os.WriteFile(filepath.Join(dirs[0], "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	nested := filepath.Join(dirs[1], "earlier")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	plan, _ := os.ReadFile(filepath.Join(dirs[1], casefolder.PlanFile))
	if err := os.WriteFile(filepath.Join(nested, casefolder.PlanFile), plan, 0o644); err != nil {
		t.Fatal(err)
	}
	f = c.Folders()
	if f.Known(dirs[0]) || f.Known(dirs[1]) {
		t.Errorf("a changed case folder is still taken as known")
	}
	if !f.Known(dirs[2]) {
		t.Errorf("an unchanged case folder is no longer known")
	}
	got, _ = find(t, c, root)
	if !contains(got, nested) {
		t.Errorf("the case added inside a remembered case folder was not found: %v", got)
	}
	f = c.Folders()
	if !f.Known(dirs[0]) || f.Known(dirs[1]) || !f.Known(nested) {
		t.Errorf("after the walk: %s known %v (want true), %s %v (want false: it holds a folder), %s %v (want true)",
			dirs[0], f.Known(dirs[0]), dirs[1], f.Known(dirs[1]), nested, f.Known(nested))
	}
	// A case folder removed is forgotten once the folder it was in is read again; one in a
	// folder this walk did not look at is kept.
	gone, _ := filepath.Abs(dirs[2])
	if err := os.RemoveAll(gone); err != nil {
		t.Fatal(err)
	}
	kept, _ := filepath.Abs(dirs[3])
	find(t, c, dirs[4]) // the walk of another folder: the record of the others stays
	if f := c.Folders(); len(f.known) != len(dirs) || !f.has(kept) {
		t.Errorf("a walk of one folder lost the record of others: %d remembered", len(f.known))
	}
	find(t, c, root)
	if f := c.Folders(); f.has(gone) || !f.has(kept) {
		t.Errorf("the removed case folder is still remembered, or another was forgotten")
	}
}

// A folder changed within the racy window is not remembered; a damaged record, or one of another
// build, remembers nothing.
func TestFoldersRacyOrDamaged(t *testing.T) {
	root, dirs := examples(t)
	c := open(t)
	later(t, 0) // the folders were just written
	find(t, c, root)
	if c.Folders().Known(dirs[0]) {
		t.Errorf("a folder changed just now is remembered")
	}
	later(t, time.Hour)
	find(t, c, root)
	if !c.Folders().Known(dirs[0]) {
		t.Fatalf("not remembered")
	}
	path := filepath.Join(c.dir, foldersFile)
	data, _ := os.ReadFile(path)
	data[len(foldersMagic)+10] ^= 1
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if c.Folders().Known(dirs[0]) {
		t.Errorf("a damaged record is trusted")
	}
	find(t, c, root)
	other := &Cache{dir: c.dir, ident: c.ident + " another build", key: c.key}
	if other.Folders().Known(dirs[0]) {
		t.Errorf("another build's record is trusted")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// has reports that the record holds path with a key.
func (f *Folders) has(path string) bool {
	at, ok := f.known[path]
	return ok && f.dirs[at].key != (dirKey{})
}

// A walk that finds every remembered folder unchanged does not write the record again; one that
// finds a case folder gone does, and forgets it.
func TestFoldersRecordWrittenOnlyWhenChanged(t *testing.T) {
	root, dirs := examples(t)
	c := open(t)
	find(t, c, root)
	record := filepath.Join(c.dir, foldersFile)
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(record, old, old); err != nil {
		t.Fatal(err)
	}
	_, f := find(t, c, root)
	if f.asked != len(f.dirs) || f.readKnown != 0 || len(f.dirs) != len(dirs) {
		t.Errorf("a warm walk asked about %d of %d remembered folders and read %d again", f.asked, len(f.dirs), f.readKnown)
	}
	if info, err := os.Stat(record); err != nil || !info.ModTime().Equal(old) {
		t.Errorf("a walk that changed nothing wrote the record again (%v)", err)
	}
	gone, _ := filepath.Abs(dirs[0])
	if err := os.RemoveAll(gone); err != nil {
		t.Fatal(err)
	}
	find(t, c, root)
	if info, err := os.Stat(record); err != nil || info.ModTime().Equal(old) {
		t.Errorf("a walk that found a case folder gone did not write the record (%v)", err)
	}
	if c.Folders().has(gone) {
		t.Errorf("the removed case folder is still remembered")
	}
}
