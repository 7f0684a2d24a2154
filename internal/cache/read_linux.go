package cache

import (
	"os"
	"syscall"

	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// readKnown reads the file at path when it is still the version k describes (a regular file of
// the same size, modification and change time, and inode, looked at through the open
// descriptor), in the fewest system calls: open, fstat, one read, close. It is for Fill, which
// reads a cached case's names at the positions the entry holds, so it must read the very file the
// entry was written for; anything else is false, and Fill reads the file in full. The open does
// not block (a named pipe swapped in), and nothing is read from what is not that file.
//
// The file is read into buf when it fits (buf may be nil).
func readKnown(path string, k fileKey, buf []byte) ([]byte, bool) {
	if !k.exists || k.size < 0 || k.size > yamlwalk.MaxFileSize {
		return nil, false
	}
	fd, got, exists, ok := openFile(path)
	if !exists || !ok {
		return nil, false
	}
	if got != k {
		syscall.Close(fd)
		return nil, false
	}
	return readOpen(fd, k, buf)
}

// openFile opens the file at path to read, without blocking, and gives its key as the open
// descriptor has it: the key of the very file that will be read. exists is false when there is
// none, and ok false when it cannot be opened or is not a regular file; fd is open (to be closed
// by readOpen or closeFile) only when both are true.
func openFile(path string) (fd int, k fileKey, exists, ok bool) {
	fd, err := openNoBlock(path)
	switch {
	case err == syscall.ENOENT:
		return -1, k, false, true
	case err != nil:
		return -1, k, false, false
	}
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		return -1, k, false, false
	}
	return fd, statKey(&st), true, true
}

// closeFile closes what openFile opened.
func closeFile(fd int) {
	if fd >= 0 {
		syscall.Close(fd)
	}
}

// readOpen reads the file openFile opened at fd with key k (one read for the whole file, into
// buf when it fits), and closes it; false when it does not read as exactly k.size bytes.
func readOpen(fd int, k fileKey, buf []byte) ([]byte, bool) {
	defer syscall.Close(fd)
	if k.size < 0 || k.size > yamlwalk.MaxFileSize {
		return nil, false
	}
	if int64(cap(buf)) < k.size {
		buf = make([]byte, k.size)
	}
	buf = buf[:k.size]
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, false
		}
		if m == 0 {
			break
		}
		n += m
	}
	if int64(n) != k.size {
		return nil, false
	}
	return buf[:n], true
}

// openNoBlock opens path to read without blocking (a named pipe swapped in must not hang the
// run), retrying an interrupted open.
func openNoBlock(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// openRead opens path to read without blocking (openNoBlock), as an *os.File.
func openRead(path string) (*os.File, error) {
	fd, err := openNoBlock(path)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}

// statKey is the key of a file from its status.
func statKey(st *syscall.Stat_t) fileKey {
	return fileKey{exists: true, size: st.Size, mtime: st.Mtim.Sec*1e9 + st.Mtim.Nsec,
		ctime: st.Ctim.Sec*1e9 + st.Ctim.Nsec, ino: st.Ino}
}

// readEntry reads a cache entry in as few system calls as it can: open, one read, close for an
// entry under 8 KiB. A short read is taken for the end of the file, as it is for a regular file
// on Linux; were it not, the entry would be cut short, fail its seal and be a miss, never be
// misread. The open does not block, and no more than the limit of a case file is read.
//
// The entry is read into buf when it fits (buf may be nil).
func readEntry(path string, buf []byte) ([]byte, bool) {
	fd, err := openNoBlock(path)
	if err != nil {
		return nil, false
	}
	defer syscall.Close(fd)
	if cap(buf) < 8<<10 {
		buf = make([]byte, 8<<10)
	}
	buf = buf[:cap(buf)]
	n := 0
	for {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, false
		}
		n += m
		if m == 0 || n < len(buf) {
			return buf[:n], true
		}
		if len(buf) >= 4*yamlwalk.MaxFileSize {
			return nil, false
		}
		grown := make([]byte, 2*len(buf))
		copy(grown, buf)
		buf = grown
	}
}

// statFile is the key of the file at path; exists is false when there is none, and ok false when
// it cannot be looked at or is not a regular file.
func statFile(path string) (k fileKey, exists, ok bool) {
	var st syscall.Stat_t
	for {
		err := syscall.Stat(path, &st)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.ENOENT:
			return k, false, true
		case err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG:
			return k, false, false
		}
		return statKey(&st), true, true
	}
}

// dirKeys: Linux gives a folder's inode and change time, which with its modification time tell
// when its list of names may have changed.
const dirKeys = true

// statDir is the key of the folder at path, not following a symbolic link.
func statDir(path string) (dirKey, bool) {
	var st syscall.Stat_t
	for {
		err := syscall.Lstat(path, &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFDIR {
			return dirKey{}, false
		}
		return dirKey{ino: int64(st.Ino), mtime: st.Mtim.Sec*1e9 + st.Mtim.Nsec, ctime: st.Ctim.Sec*1e9 + st.Ctim.Nsec}, true
	}
}
