//go:build !windows

package iostreams

import "os"

// enableVT: a Unix terminal takes ANSI escape sequences as it is.
func enableVT(*os.File) bool { return true }
