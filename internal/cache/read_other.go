//go:build !linux

package cache

import (
	"errors"
	"io/fs"
	"os"
)

// readKnown: elsewhere a cached case's names are read by parsing its files in full.
func readKnown(string, fileKey, []byte) ([]byte, bool) { return nil, false }

// openRead opens path to read.
func openRead(path string) (*os.File, error) { return os.Open(path) }

// openFile: elsewhere nothing is held open; the key is the file's status.
func openFile(path string) (fd int, k fileKey, exists, ok bool) {
	k, exists, ok = statFile(path)
	return -1, k, exists, ok
}

func closeFile(int) {}

func readOpen(int, fileKey, []byte) ([]byte, bool) { return nil, false }

// readEntry reads a cache entry.
func readEntry(path string, _ []byte) ([]byte, bool) {
	data, err := os.ReadFile(path)
	return data, err == nil
}

// statFile is the key of the file at path; exists is false when there is none, and ok false when
// it cannot be looked at or is not a regular file.
func statFile(path string) (k fileKey, exists, ok bool) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return k, false, true
	}
	if err != nil || !info.Mode().IsRegular() {
		return k, false, false
	}
	k = fileKey{exists: true, size: info.Size(), mtime: info.ModTime().UnixNano()}
	k.ctime, k.ino = sysKey(info)
	return k, true, true
}

// dirKeys: elsewhere the walk reads every folder.
const dirKeys = false

func statDir(string) (dirKey, bool) { return dirKey{}, false }
