//go:build unix

package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/sys/unix"
)

// folder is the folder a write happens in, held open: the temporary file is made, renamed and
// linked relative to it (openat, renameat, linkat), so that a folder on the path swapped for a
// link after it was checked cannot move the write elsewhere.
type folder struct {
	fd   int
	path string
}

// openFolder opens dir, and makes sure the folder opened is inside root (both links resolved):
// on Linux by asking the system which folder the descriptor is, elsewhere by comparing it with
// the folder checked.
func openFolder(dir, root string) (*folder, error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	f := &folder{fd: fd, path: dir}
	if runtime.GOOS == "linux" {
		if real, err := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd)); err == nil && filepath.IsAbs(real) {
			if !inside(real, root) {
				f.close()
				return nil, &EscapeError{Path: dir, Target: real, Within: root}
			}
			return f, nil
		}
	}
	var st unix.Stat_t
	info, err := os.Stat(dir)
	if err == nil {
		err = unix.Fstat(fd, &st)
	}
	if err != nil {
		f.close()
		return nil, err
	}
	if sys, ok := info.Sys().(*unix.Stat_t); ok && (uint64(sys.Dev) != uint64(st.Dev) || uint64(sys.Ino) != uint64(st.Ino)) {
		f.close()
		return nil, &EscapeError{Path: dir, Target: "another folder (it changed while cpcase wrote)", Within: root}
	}
	return f, nil
}

func (f *folder) create(name string, perm fs.FileMode) (*os.File, error) {
	fd, err := unix.Openat(f.fd, name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		return nil, &fs.PathError{Op: "create", Path: filepath.Join(f.path, name), Err: err}
	}
	return os.NewFile(uintptr(fd), filepath.Join(f.path, name)), nil
}

func (f *folder) rename(from, to string) error {
	if err := unix.Renameat(f.fd, from, f.fd, to); err != nil {
		return &os.LinkError{Op: "rename", Old: filepath.Join(f.path, from), New: filepath.Join(f.path, to), Err: err}
	}
	return nil
}

func (f *folder) link(from, to string) error {
	if err := unix.Linkat(f.fd, from, f.fd, to, 0); err != nil {
		return &os.LinkError{Op: "link", Old: filepath.Join(f.path, from), New: filepath.Join(f.path, to), Err: err}
	}
	return nil
}

func (f *folder) exists(name string) bool {
	var st unix.Stat_t
	return unix.Fstatat(f.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil
}

func (f *folder) remove(name string) { unix.Unlinkat(f.fd, name, 0) }

// sync makes the rename durable. Some systems cannot sync a folder; that is not an error.
func (f *folder) sync() error {
	if err := unix.Fsync(f.fd); err != nil && err != unix.EINVAL && err != unix.ENOTSUP {
		return &fs.PathError{Op: "sync", Path: f.path, Err: err}
	}
	return nil
}

func (f *folder) close() { unix.Close(f.fd) }
