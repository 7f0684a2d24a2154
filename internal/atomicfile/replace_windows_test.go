package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Windows' own rules for replacing a file. Run them on Windows, or under wine (docs/windows.md).

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Errorf("folder holds %v, want %v", got, names)
		return
	}
	for i := range names {
		if got[i] != names[i] {
			t.Errorf("folder holds %v, want %v", got, names)
		}
	}
}

// A write succeeds: Windows cannot flush a folder (its handle is not open for writing), which
// once made every write report "Access denied" after the file was in place.
func TestWriteOnWindows(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "visits.yaml")
	if err := Write(path, []byte("visits: []\r\n"), Options{Exclusive: true}); err != nil {
		t.Fatalf("new file: %v", err)
	}
	if err := Write(path, []byte("visits:\r\n  - date: 2026-11-23\r\n"), Options{}); err != nil {
		t.Fatalf("replacing it: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "visits:\r\n  - date: 2026-11-23\r\n" {
		t.Errorf("file holds %q", got)
	}
	err := Write(path, []byte("x"), Options{Exclusive: true})
	if !errors.Is(err, os.ErrExist) {
		t.Errorf("exclusive write over a file: %v, want ErrExist", err)
	}
	assertOnly(t, dir, "visits.yaml")
}

// A file held open by another program for a moment (cpcase check reading it, a virus scanner, a
// sync client: os.Open shares reading and writing, not deletion) is waited for.
func TestWriteWaitsForAFileHeldOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "visits.yaml")
	writeFile(t, path, "visits: []\r\n")
	held, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	go func() { time.Sleep(200 * time.Millisecond); held.Close() }()
	if err := Write(path, []byte("visits:\r\n  - date: 2026-11-23\r\n"), Options{}); err != nil {
		t.Fatalf("write while the file was held for 200ms: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "visits:\r\n  - date: 2026-11-23\r\n" {
		t.Errorf("file holds %q", got)
	}
	assertOnly(t, dir, "visits.yaml")
}

// A file kept open is given up on with a *BusyError; nothing is written and no temporary file
// is left.
func TestWriteGivesUpOnAFileKeptOpen(t *testing.T) {
	old := renameBudget
	renameBudget = 300 * time.Millisecond
	t.Cleanup(func() { renameBudget = old })
	dir := t.TempDir()
	path := filepath.Join(dir, "visits.yaml")
	writeFile(t, path, "visits: []\r\n")
	held, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	err = Write(path, []byte("visits:\r\n  - date: 2026-11-23\r\n"), Options{})
	held.Close()
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("got %v, want a *BusyError", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "visits: []\r\n" {
		t.Errorf("file changed to %q though nothing was to be written", got)
	}
	assertOnly(t, dir, "visits.yaml")
}

func TestIsBusy(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&os.LinkError{Op: "rename", Err: syscall.Errno(5)}, true},    // ERROR_ACCESS_DENIED
		{&os.LinkError{Op: "rename", Err: syscall.Errno(32)}, true},   // ERROR_SHARING_VIOLATION
		{&os.LinkError{Op: "rename", Err: syscall.Errno(33)}, true},   // ERROR_LOCK_VIOLATION
		{&os.LinkError{Op: "rename", Err: syscall.Errno(2)}, false},   // ERROR_FILE_NOT_FOUND
		{&os.LinkError{Op: "rename", Err: syscall.Errno(112)}, false}, // ERROR_DISK_FULL
		{errors.New("other"), false},
	} {
		if got := isBusy(tc.err); got != tc.want {
			t.Errorf("isBusy(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
