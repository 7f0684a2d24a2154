package cache

import (
	"io/fs"
	"syscall"
)

// sysKey is the file's change time and inode: an edit that restores the size and modification
// time (cp -p, an editor that keeps times) still changes the change time, and a file replaced by
// another gets a new inode.
func sysKey(info fs.FileInfo) (ctime int64, ino uint64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Sec*1e9 + st.Ctim.Nsec, st.Ino
	}
	return 0, 0
}
