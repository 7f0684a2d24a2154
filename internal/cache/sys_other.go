//go:build !unix

package cache

import "io/fs"

// private: permissions outside Unix are access lists that the mode bits do not show; the folder
// is created for the user and trusted.
func private(fs.FileInfo) error { return nil }
