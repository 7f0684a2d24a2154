//go:build unix

package yamlwalk

import (
	"os"
	"syscall"
)

// openNonblock opens name for reading without waiting for a writer, should it be a named pipe.
// O_NONBLOCK changes nothing for a regular file's reads.
func openNonblock(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
