package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
)

// folder is the folder a write happens in, by path, as on other systems without *at calls; on
// Windows a rename over a file held open is retried (replace_windows.go), and the folder is not
// synced.
type folder struct{ path string }

func openFolder(dir, root string) (*folder, error) { return &folder{path: dir}, nil }

func (f *folder) create(name string, perm fs.FileMode) (*os.File, error) {
	return os.OpenFile(filepath.Join(f.path, name), os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
}

func (f *folder) rename(from, to string) error {
	return rename(filepath.Join(f.path, from), filepath.Join(f.path, to))
}

func (f *folder) link(from, to string) error {
	return os.Link(filepath.Join(f.path, from), filepath.Join(f.path, to))
}

func (f *folder) exists(name string) bool {
	_, err := os.Lstat(filepath.Join(f.path, name))
	return err == nil
}

func (f *folder) remove(name string) { os.Remove(filepath.Join(f.path, name)) }

// sync does nothing on Windows: a folder cannot be flushed there (FlushFileBuffers needs a handle
// opened for writing, which a folder's is not: every write once ended in "Access denied" after
// the file was in place), and NTFS journals the rename itself.
func (f *folder) sync() error { return nil }

func (f *folder) close() {}
