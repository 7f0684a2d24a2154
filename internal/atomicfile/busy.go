package atomicfile

import (
	"fmt"
	"time"
)

// BusyError is a file that could not be replaced for as long as cpcase waits: on Windows, a file
// another program holds open cannot be replaced, and neither can a read-only one (the system
// gives the same error for both). Nothing was written.
type BusyError struct {
	Path string
	Err  error
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("%s could not be replaced: another program has it open, or it is read-only; nothing was written: close it there (or let a sync or virus scan finish), or make it writable, and run the command again", e.Path)
}

func (e *BusyError) Unwrap() error { return e.Err }

// sleep is the pause between tries; tests replace it.
var sleep = time.Sleep

// retryBusy runs op until it succeeds, fails for a reason other than a held file (busy says
// which), or budget has passed in pauses that grow from 1 ms to 100 ms. A file still held at the
// end is a *BusyError for path.
func retryBusy(path string, budget time.Duration, busy func(error) bool, op func() error) error {
	pause, waited := time.Millisecond, time.Duration(0)
	for {
		err := op()
		if err == nil || !busy(err) {
			return err
		}
		if waited >= budget {
			return &BusyError{Path: path, Err: err}
		}
		sleep(pause)
		waited += pause
		pause = min(2*pause, 100*time.Millisecond)
	}
}
