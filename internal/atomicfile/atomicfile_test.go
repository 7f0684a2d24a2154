//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func noTemps(t *testing.T, dir string) {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, ".*.cpcase-*"))
	if len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

// Row 11 of the hostile-files table: under umask 077 new files were 0644.
func TestNewFileHonoursUmask(t *testing.T) {
	for _, c := range []struct {
		umask int
		perm  fs.FileMode
		want  fs.FileMode
	}{{0o077, 0, 0o600}, {0o022, 0, 0o644}, {0o027, 0, 0o640}, {0o022, 0o600, 0o600}} {
		old := syscall.Umask(c.umask)
		dir := t.TempDir()
		p := filepath.Join(dir, "report.html")
		err := Write(p, []byte("x"), Options{Perm: c.perm})
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		info, _ := os.Stat(p)
		if info.Mode().Perm() != c.want {
			t.Errorf("umask %03o perm %o: mode %o, want %o", c.umask, c.perm, info.Mode().Perm(), c.want)
		}
		noTemps(t, dir)
	}
}

func TestReplaceKeepsMode(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	p := filepath.Join(dir, "visits.yaml")
	os.WriteFile(p, []byte("old"), 0o644)
	os.Chmod(p, 0o664)
	if err := Write(p, []byte("new"), Options{Within: dir}); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(p)
	if read(t, p) != "new" || info.Mode().Perm() != 0o664 {
		t.Errorf("got %q mode %o", read(t, p), info.Mode().Perm())
	}
}

// Row 12: add wrote through a symlinked visits.yaml to a file outside the case; schema --write
// overwrote a link's target.
func TestRefusesLinkOutOfFolder(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	os.WriteFile(secret, []byte("keep"), 0o600)
	caseDir := t.TempDir()
	link := filepath.Join(caseDir, "visits.yaml")
	os.Symlink(secret, link)
	err := Write(link, []byte("visits: []\n"), Options{Within: caseDir})
	var esc *EscapeError
	if !errors.As(err, &esc) {
		t.Fatalf("err = %v, want an EscapeError", err)
	}
	if read(t, secret) != "keep" {
		t.Error("the link's target was overwritten")
	}
	if li, _ := os.Lstat(link); li.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	noTemps(t, caseDir)
	noTemps(t, outside)
	// the default folder is the file's own
	if err := Write(link, []byte("x"), Options{}); !errors.As(err, &esc) {
		t.Errorf("without Within: %v", err)
	}
	// a folder inside the case that links out
	os.Symlink(outside, filepath.Join(caseDir, "sub"))
	if err := Write(filepath.Join(caseDir, "sub", "new.yaml"), []byte("x"), Options{Within: caseDir}); !errors.As(err, &esc) {
		t.Errorf("through a linked folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "new.yaml")); err == nil {
		t.Error("a file was created outside")
	}
	// a dangling link
	dangling := filepath.Join(caseDir, "plan.yaml")
	os.Symlink(filepath.Join(outside, "nothing"), dangling)
	if err := Write(dangling, []byte("x"), Options{Within: caseDir}); !errors.As(err, &esc) {
		t.Errorf("dangling link: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "nothing")); err == nil {
		t.Error("a dangling link's target was created")
	}
}

func TestLinkInsideFolderWritesItsTarget(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	os.WriteFile(real, []byte("old"), 0o644)
	link := filepath.Join(dir, "visits.yaml")
	os.Symlink("real.yaml", link)
	if err := Write(link, []byte("new"), Options{Within: dir}); err != nil {
		t.Fatal(err)
	}
	if li, _ := os.Lstat(link); li.Mode()&fs.ModeSymlink == 0 || read(t, real) != "new" {
		t.Errorf("link kept %v, target %q", li.Mode(), read(t, real))
	}
}

func TestExclusive(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.yaml")
	if err := Write(p, []byte("a"), Options{Exclusive: true}); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("b"), Options{Exclusive: true}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second exclusive write: %v", err)
	}
	// a file that appears between the look and the write is not overwritten
	q := filepath.Join(dir, "members.yaml")
	err := Write(q, []byte("mine"), Options{Exclusive: true, Check: func(string) error {
		return os.WriteFile(q, []byte("theirs"), 0o644)
	}})
	if !errors.Is(err, fs.ErrExist) || read(t, q) != "theirs" {
		t.Errorf("race: %v, %q", err, read(t, q))
	}
	if read(t, p) != "a" {
		t.Error("overwritten")
	}
	noTemps(t, dir)
}

func TestCheckStopsWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "visits.yaml")
	os.WriteFile(p, []byte("old"), 0o644)
	stop := errors.New("changed")
	if err := Write(p, []byte("new"), Options{Check: func(string) error { return stop }}); err != stop {
		t.Errorf("err = %v", err)
	}
	if read(t, p) != "old" {
		t.Error("written despite the check")
	}
	noTemps(t, dir)
}

func TestRefusesSpecialFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "visits.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	if err := Write(fifo, []byte("x"), Options{}); err == nil {
		t.Error("wrote over a FIFO")
	}
}

// A folder on the path swapped for a link to elsewhere after the path was checked: the write is
// refused, and nothing is written there.
func TestFolderSwappedForLinkAfterCheck(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the folder opened is checked through /proc on Linux")
	}
	root := t.TempDir()
	caseDir := filepath.Join(root, "case")
	os.Mkdir(caseDir, 0o755)
	outside := t.TempDir()
	afterResolve = func(string) {
		os.Rename(caseDir, caseDir+".moved")
		os.Symlink(outside, caseDir)
	}
	defer func() { afterResolve = nil }()
	err := Write(filepath.Join(caseDir, "visits.yaml"), []byte("x"), Options{Within: root})
	var esc *EscapeError
	if !errors.As(err, &esc) {
		t.Errorf("err = %v, want an EscapeError", err)
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 0 {
		t.Errorf("written outside: %v", ents)
	}
}
