//go:build !unix

package yamlwalk

import "os"

// openNonblock opens name for reading; systems without O_NONBLOCK have no named pipes that an
// open waits on.
func openNonblock(name string) (*os.File, error) { return os.Open(name) }
