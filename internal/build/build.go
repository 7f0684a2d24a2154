// Package build holds what the build stamps into the binary.
package build

// Version is set at build time with -ldflags "-X github.com/cpcase/cpcase/internal/build.Version=...".
var Version = "dev"
