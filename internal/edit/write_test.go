package edit

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func writeFile(t *testing.T, path, data string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// noLeftovers checks that no temporary file is left in dir.
func noLeftovers(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if len(got) != len(want) {
		t.Errorf("folder holds %v, want %v", got, want)
	}
}

func TestReplace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "visits.yaml")
	writeFile(t, path, "visits:\n", 0o640)
	s, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Replace([]byte("visits: []\n")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "visits: []\n" {
		t.Errorf("file holds %q", got)
	}
	if info, _ := os.Stat(path); runtime.GOOS != "windows" && info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", info.Mode().Perm())
	}
	noLeftovers(t, dir, "visits.yaml")
}

// TestReplaceRefusesAConcurrentChange plays another editor saving the file between cpcase reading
// it and replacing it: the other editor's content must survive and nothing be written.
func TestReplaceRefusesAConcurrentChange(t *testing.T) {
	for _, name := range []string{"longer", "same size"} {
		dir := t.TempDir()
		path := filepath.Join(dir, "visits.yaml")
		writeFile(t, path, "visits:\n  - {date: 2026-10-03, by: sw1}\n", 0o644)
		s, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		theirs := "visits:\n  - {date: 2026-10-03, by: sw1}\n  - {date: 2026-10-04, by: sw1}\n"
		if name == "same size" { // and, as far as the clock can tell, the same time
			theirs = "visits:\n  - {date: 2026-10-09, by: sw1}\n"
		}
		BeforeReplace = func(p string) {
			info, _ := os.Stat(p)
			writeFile(t, p, theirs, 0o644)
			if name == "same size" {
				_ = os.Chtimes(p, info.ModTime(), info.ModTime())
			}
		}
		err = s.Replace([]byte("visits:\n  - {date: 2026-10-03, by: sw1}\n  - {date: 2026-11-24, by: sw1}\n"))
		BeforeReplace = nil
		var ce *ChangedError
		if !errors.As(err, &ce) {
			t.Fatalf("%s: got %v, want a ChangedError", name, err)
		}
		if got := readFile(t, path); got != theirs {
			t.Errorf("%s: the other editor's content was lost: %q", name, got)
		}
		noLeftovers(t, dir, "visits.yaml")
	}
}

func TestReplaceCreates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "visits.yaml")
	s, err := Read(path)
	if err != nil || s.Exists {
		t.Fatalf("Read of a missing file: %v, exists %v", err, s.Exists)
	}
	if err := s.Replace([]byte("visits:\n")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "visits:\n" {
		t.Errorf("file holds %q", got)
	}
	noLeftovers(t, dir, "visits.yaml")

	// A file that appears meanwhile is not overwritten.
	other := filepath.Join(dir, "meetings.yaml")
	s, _ = Read(other)
	BeforeReplace = func(p string) { writeFile(t, p, "meetings: []\n", 0o644) }
	err = s.Replace([]byte("meetings:\n"))
	BeforeReplace = nil
	var ce *ChangedError
	if !errors.As(err, &ce) || readFile(t, other) != "meetings: []\n" {
		t.Errorf("got %v and %q; want a ChangedError and the other file kept", err, readFile(t, other))
	}
	noLeftovers(t, dir, "meetings.yaml", "visits.yaml")
}

func TestReplaceFollowsALink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	link := filepath.Join(dir, "visits.yaml")
	writeFile(t, real, "visits:\n", 0o644)
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Fatal(err)
	}
	s, _ := Read(link)
	if err := s.Replace([]byte("visits: []\n")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if got := readFile(t, real); got != "visits: []\n" {
		t.Errorf("the linked file holds %q", got)
	}
}
