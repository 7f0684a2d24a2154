//go:build unix

package yamlwalk

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Row 8 of the hostile-files table: a FIFO swapped in between the size check and the open hung
// the run for ever. The swap happens at that exact moment here, every run.
func TestFIFOSwappedInDoesNotBlock(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.yaml")
	os.WriteFile(p, []byte("case: CP-1\n"), 0o644)
	afterStat = func(name string) {
		os.Remove(name)
		if err := syscall.Mkfifo(name, 0o644); err != nil {
			t.Error(err)
		}
	}
	defer func() { afterStat = nil }()
	done := make(chan error, 1)
	go func() { _, err := ReadFile(p); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, errNotRegular) {
			t.Errorf("err = %v, want %v", err, errNotRegular)
		}
	case <-time.After(20 * time.Second):
		// Unblock the open so the test ends, then fail.
		if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		t.Fatal("ReadFile blocked on a FIFO")
	}
}

func TestFIFORefusedUnopened(t *testing.T) {
	p := filepath.Join(t.TempDir(), "visits.yaml")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip(err)
	}
	if _, err := ReadFile(p); !errors.Is(err, errNotRegular) {
		t.Errorf("err = %v", err)
	}
}
