// Package build holds what the build stamps into the binary: the release, the commit it was built
// from and that commit's date, set by `make` and the release tool (.goreleaser.yaml) with
//
//	-ldflags "-X github.com/cpcase/cpcase/internal/build.Version=1.2.0 -X ...Commit=... -X ...Date=..."
//
// A plain `go build` or `go install ...@v1.2.0` sets none of them; Get then fills in what Go's own
// build record knows (the module version, the commit and its time), so that `cpcase version`, and
// a bug report quoting it, still says which code it is.
package build

// Set by -ldflags -X.
var (
	Version = "dev" // "1.2.0", without a leading v
	Commit  string  // the full commit hash
	Date    string  // the commit's date, RFC 3339: the commit's, not the build's, so builds reproduce
)
