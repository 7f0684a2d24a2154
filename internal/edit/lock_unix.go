//go:build unix

package edit

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// Lock takes the case folder dir for one writer: cpcase add holds it from reading the file to
// replacing it, so two adds to one case at the same moment run one after the other and neither
// entry is lost. The lock is flock(2) on the folder itself, so no lock file is written into the
// case, and the system releases it when the process ends, however it ends. A writer that has
// held it for lockWait is reported rather than waited on for ever.
func Lock(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(lockWait)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			if errors.Is(err, syscall.ENOLCK) || errors.Is(err, syscall.ENOTSUP) || errors.Is(err, syscall.EOPNOTSUPP) {
				return func() {}, nil // a file system without locks: the ChangedError check still holds
			}
			return nil, err
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%s: another cpcase has been writing to this case for %v; nothing was written: try again when it has finished", dir, lockWait)
		}
		time.Sleep(lockPoll)
	}
}
