//go:build !unix && !windows

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// folder is the folder a write happens in, by path: this system has no *at calls.
type folder struct{ path string }

func openFolder(dir, root string) (*folder, error) { return &folder{path: dir}, nil }

func (f *folder) create(name string, perm fs.FileMode) (*os.File, error) {
	return os.OpenFile(filepath.Join(f.path, name), os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
}

func (f *folder) rename(from, to string) error {
	return os.Rename(filepath.Join(f.path, from), filepath.Join(f.path, to))
}

func (f *folder) link(from, to string) error {
	return os.Link(filepath.Join(f.path, from), filepath.Join(f.path, to))
}

func (f *folder) exists(name string) bool {
	_, err := os.Lstat(filepath.Join(f.path, name))
	return err == nil
}

func (f *folder) remove(name string) { os.Remove(filepath.Join(f.path, name)) }

func (f *folder) sync() error {
	d, err := os.Open(f.path)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

func (f *folder) close() {}
