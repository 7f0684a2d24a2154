package edit

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// On Windows a file that another program holds open cannot be renamed over. These tests hold the
// target open as such a program would (os.Open shares reading and writing, not deletion).

func TestReplaceWaitsForAFileHeldOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "visits.yaml")
	if err := os.WriteFile(path, []byte("visits: []\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	held, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	go func() { time.Sleep(200 * time.Millisecond); held.Close() }()
	if err := s.Replace([]byte("visits:\r\n  - date: 2026-11-23\r\n")); err != nil {
		t.Fatalf("Replace while the file was held for 200ms: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "visits:\r\n  - date: 2026-11-23\r\n" {
		t.Errorf("file holds %q", got)
	}
	assertNoTemp(t, filepath.Dir(path))
}

func TestReplaceGivesUpOnAFileKeptOpen(t *testing.T) {
	old := renameBudget
	renameBudget = 300 * time.Millisecond
	t.Cleanup(func() { renameBudget = old })
	path := filepath.Join(t.TempDir(), "visits.yaml")
	if err := os.WriteFile(path, []byte("visits: []\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	held, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	err = s.Replace([]byte("visits:\r\n  - date: 2026-11-23\r\n"))
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("got %v, want a *BusyError", err)
	}
	held.Close()
	if got, _ := os.ReadFile(path); string(got) != "visits: []\r\n" {
		t.Errorf("file changed to %q though nothing was to be written", got)
	}
	assertNoTemp(t, filepath.Dir(path))
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

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "visits.yaml" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
