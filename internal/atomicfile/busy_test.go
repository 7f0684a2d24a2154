package atomicfile

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var errHeld = errors.New("held")

// fakeSleep records the pauses instead of sleeping.
func fakeSleep(t *testing.T) *[]time.Duration {
	var pauses []time.Duration
	old := sleep
	sleep = func(d time.Duration) { pauses = append(pauses, d) }
	t.Cleanup(func() { sleep = old })
	return &pauses
}

func isHeld(err error) bool { return errors.Is(err, errHeld) }

func TestRetryBusyWaitsForAShortHold(t *testing.T) {
	pauses := fakeSleep(t)
	tries := 0
	err := retryBusy("visits.yaml", time.Second, isHeld, func() error {
		tries++
		if tries < 4 {
			return errHeld
		}
		return nil
	})
	if err != nil || tries != 4 {
		t.Fatalf("err %v after %d tries; want success on the 4th", err, tries)
	}
	want := []time.Duration{time.Millisecond, 2 * time.Millisecond, 4 * time.Millisecond}
	if len(*pauses) != len(want) {
		t.Fatalf("pauses %v, want %v", *pauses, want)
	}
	for i := range want {
		if (*pauses)[i] != want[i] {
			t.Fatalf("pauses %v, want %v", *pauses, want)
		}
	}
}

func TestRetryBusyGivesUpWithAPlainError(t *testing.T) {
	pauses := fakeSleep(t)
	err := retryBusy(`C:\cases\NR-1\visits.yaml`, 3*time.Second, isHeld, func() error { return errHeld })
	var busy *BusyError
	if !errors.As(err, &busy) || !errors.Is(err, errHeld) {
		t.Fatalf("got %v, want a *BusyError wrapping the last error", err)
	}
	if !strings.HasPrefix(err.Error(), `C:\cases\NR-1\visits.yaml could not be replaced: another program has it open`) || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("message: %s", err)
	}
	var waited time.Duration
	for _, p := range *pauses {
		if p > 100*time.Millisecond {
			t.Errorf("a pause of %v; the longest is 100ms", p)
		}
		waited += p
	}
	// 1+2+...+64 ms, then 100 ms pauses until 3 s have passed: 3.027 s in 36 pauses.
	if waited < 3*time.Second || waited > 3*time.Second+100*time.Millisecond || len(*pauses) != 36 {
		t.Errorf("waited %v in %d pauses; want just over 3s in 36", waited, len(*pauses))
	}
}

func TestRetryBusyStopsAtOtherErrors(t *testing.T) {
	pauses := fakeSleep(t)
	other := errors.New("disk full")
	tries := 0
	err := retryBusy("visits.yaml", time.Second, isHeld, func() error { tries++; return other })
	if err != other || tries != 1 || len(*pauses) != 0 {
		t.Errorf("got %v after %d tries and %d pauses; want the error at once", err, tries, len(*pauses))
	}
}
