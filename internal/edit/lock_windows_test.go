package edit

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The case lock on Windows (lock_windows.go): a second writer waits for the first, and the lock
// stops no reader and no editor saving plan.yaml in place. Run on Windows, or under wine (docs/windows.md).
func TestLockOnWindows(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(plan, []byte("case: T-1\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	unlock, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		u, err := Lock(dir)
		if err == nil {
			u()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("a second Lock returned (%v) while the first was held", err)
	case <-time.After(300 * time.Millisecond):
	}

	// Held, it blocks neither a reader of plan.yaml nor an editor saving it in place.
	if b, err := os.ReadFile(plan); err != nil || string(b) != "case: T-1\r\n" {
		t.Errorf("reading plan.yaml while locked: %q, %v", b, err)
	}
	if err := os.WriteFile(plan, []byte("case: T-2\r\n"), 0o644); err != nil {
		t.Errorf("an editor saving plan.yaml while locked: %v", err)
	}

	unlock()
	select {
	case err := <-got:
		if err != nil {
			t.Errorf("second Lock after the first was released: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second Lock still waiting 5s after the first was released")
	}
}

// A folder without plan.yaml is not a case: an error, not a silent lock of nothing.
func TestLockNoPlan(t *testing.T) {
	if _, err := Lock(t.TempDir()); err == nil {
		t.Error("Lock of a folder without plan.yaml succeeded")
	}
}
