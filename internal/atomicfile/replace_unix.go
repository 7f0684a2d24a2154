//go:build !windows

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// rename replaces newpath with oldpath in one step; on Unix that holds even while other programs
// have newpath open (they keep reading the old file).
func rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }

// syncDir makes the rename durable. Some systems cannot sync a folder; that is not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}
