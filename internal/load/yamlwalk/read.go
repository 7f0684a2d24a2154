package yamlwalk

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadFile reads a YAML file of at most MaxFileSize bytes. A larger file is refused from its size
// without being read, and anything but a regular file (a folder, a device such as /dev/zero, a
// named pipe) is refused before a byte is read, so no one file can cost more memory than the
// limit or block the run. Errors are *fs.PathError, as os.ReadFile's are.
func ReadFile(name string) ([]byte, error) {
	data, _, err := ReadFileInfo(name)
	return data, err
}

// ReadFileInfo is ReadFile that also returns what the open file was when read (its mode, size
// and time), for a caller that replaces it later and must notice a change.
//
// The path is looked at first, so that a device is refused without being opened at all; then
// the file is opened without blocking (O_NONBLOCK, where the system has it) and looked at again
// through the open descriptor, so that a named pipe swapped in between cannot hang the open and
// what is checked is what is read.
func ReadFileInfo(name string) ([]byte, fs.FileInfo, error) {
	if info, err := os.Stat(name); err != nil {
		return nil, nil, err
	} else if err := readable(name, info); err != nil {
		return nil, nil, err
	}
	if afterStat != nil {
		afterStat(name)
	}
	f, err := openNonblock(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if err := readable(name, info); err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	b.Grow(int(info.Size()) + bytes.MinRead)
	// The file may have grown since it was measured: read one byte past the limit, no more.
	if _, err := b.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if b.Len() > MaxFileSize {
		return nil, nil, &fs.PathError{Op: "read", Path: name, Err: tooLarge(-1)}
	}
	return b.Bytes(), info, nil
}

// afterStat is for tests only: it runs between the first look at the path and the open, where a
// test swaps a named pipe in.
var afterStat func(name string)

// readable refuses anything but a regular file within the size limit.
func readable(name string, info fs.FileInfo) error {
	switch {
	case info.IsDir():
		return &fs.PathError{Op: "read", Path: name, Err: errFolder}
	case !info.Mode().IsRegular():
		return &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	case info.Size() > MaxFileSize:
		return &fs.PathError{Op: "read", Path: name, Err: tooLarge(info.Size())}
	}
	return nil
}

type readError string

func (e readError) Error() string { return string(e) }

const (
	errFolder     = readError("is a folder, not a file")
	errNotRegular = readError("is not a regular file (a device, pipe or socket)")
)

// tooLarge is the error for a file over MaxFileSize; size is -1 when the file grew while read.
func tooLarge(size int64) error {
	if size < 0 {
		return fmt.Errorf("file is too large (over the limit of %d bytes, %d MiB)", MaxFileSize, MaxFileSize>>20)
	}
	return fmt.Errorf("file is too large (%d bytes; the limit is %d bytes, %d MiB)", size, MaxFileSize, MaxFileSize>>20)
}

// overNodeLimit reports whether data may hold more than MaxNodes values, and where it passes the
// limit, before yaml.v3 builds a tree of them (about 230 bytes of memory a value): every value
// after the first is started by one of , - : ? [ { or a line break, and no such byte starts more
// than two (a flow mapping's key and its empty value), so a file that passes this check builds at
// most 2*MaxNodes values before bounded counts them exactly.
func overNodeLimit(data []byte) (line, col int, over bool) {
	n := 0
	line, col = 1, 0
	for _, c := range data {
		if c&0xC0 != 0x80 { // count characters, not the continuation bytes of one
			col++
		}
		switch c {
		case ',', '-', ':', '?', '[', '{', '\n':
			n++
			if n > MaxNodes {
				return line, col, true
			}
		}
		if c == '\n' {
			line, col = line+1, 0
		}
	}
	return 0, 0, false
}

// Limits says how data breaks the limits Parse enforces before it parses (size, and the count of
// values), or nil. Code that parses a file itself, such as the editor behind cpcase add, calls it
// first so that a huge or hostile file costs no more there than in cpcase check.
func Limits(data []byte) error {
	if len(data) > MaxFileSize {
		return tooLarge(int64(len(data)))
	}
	if line, col, over := overNodeLimit(data); over {
		return fmt.Errorf("line %d, column %d: file has too many values and lines to read safely (more than %d)", line, col, MaxNodes)
	}
	return nil
}
