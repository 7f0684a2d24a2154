package atomicfile

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// rename replaces newpath with oldpath. Windows refuses to rename over a file that another
// program has open without delete sharing, which is how most programs open files: cpcase check
// reading the case at that moment, a virus scanner, the search indexer, OneDrive or a
// network-share client looking at the new file. Those holds last milliseconds, so the rename is
// retried for a while; a file kept open (an editor that locks it) ends in a *BusyError, and the
// temporary file is removed by the caller, so nothing is written.
func rename(oldpath, newpath string) error {
	return retryBusy(newpath, renameBudget, isBusy, func() error { return os.Rename(oldpath, newpath) })
}

// renameBudget is how long a held file is waited for (cmd/go waits up to 2 s for the same reason;
// tests shorten it).
var renameBudget = 3 * time.Second

// Windows error numbers (winerror.h) that mean another program holds the file for now.
const (
	errorAccessDenied     syscall.Errno = 5
	errorSharingViolation syscall.Errno = 32
	errorLockViolation    syscall.Errno = 33
)

func isBusy(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	switch errno {
	case errorAccessDenied, errorSharingViolation, errorLockViolation:
		return true
	}
	return false
}
