package edit

import "time"

// How long Lock waits for another writer of the case (lock_unix.go, lock_windows.go), and how
// often it looks.
const (
	lockWait = 30 * time.Second
	lockPoll = 5 * time.Millisecond
)
