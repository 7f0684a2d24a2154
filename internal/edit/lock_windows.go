package edit

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"

	"golang.org/x/sys/windows"
)

// Lock takes the case folder dir for one writer, as lock_unix.go does with flock(2). Windows
// cannot lock a folder, and a lock file would be left in the case (and in git), so the lock is a
// byte-range lock (LockFileEx) on the case's plan.yaml, far beyond its end: Windows' locks are
// mandatory, and one on bytes the file does not have blocks no reader. The handle shares reading,
// writing and deletion, so while it is held (the moment cpcase add takes) plan.yaml can still be
// read, saved in place and deleted; only replacing it by a rename waits (Windows refuses to
// rename over an open file; cpcase's own writes retry, see atomicfile). The system releases the
// lock when the process ends, however it ends, and a lock on a network share (\\server\share)
// is held by the server, so it holds between machines too. cpcase add replaces visits, meetings
// and members files, never plan.yaml, so the locked file stays the same one.
func Lock(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, "plan.yaml")
	name, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, &fs.PathError{Op: "lock", Path: path, Err: err}
	}
	h, err := windows.CreateFile(name, windows.GENERIC_READ,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "lock", Path: path, Err: err}
	}
	// One byte at offset 2^62: beyond any plan.yaml, within what every file system accepts.
	at := func() *windows.Overlapped { return &windows.Overlapped{OffsetHigh: 1 << 30} }
	deadline := time.Now().Add(lockWait)
	for {
		err = windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, at())
		if err == nil {
			return func() {
				windows.UnlockFileEx(h, 0, 1, 0, at())
				windows.CloseHandle(h)
			}, nil
		}
		if !errors.Is(err, windows.ERROR_LOCK_VIOLATION) && !errors.Is(err, windows.ERROR_IO_PENDING) {
			windows.CloseHandle(h)
			if errors.Is(err, windows.ERROR_NOT_SUPPORTED) || errors.Is(err, windows.ERROR_INVALID_FUNCTION) {
				return func() {}, nil // a file system without locks: the ChangedError check still holds
			}
			return nil, &fs.PathError{Op: "lock", Path: path, Err: err}
		}
		if time.Now().After(deadline) {
			windows.CloseHandle(h)
			return nil, fmt.Errorf("%s: another cpcase has been writing to this case for %v; nothing was written: try again when it has finished", dir, lockWait)
		}
		time.Sleep(lockPoll)
	}
}
