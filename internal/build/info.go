package build

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Info is what `cpcase version` prints.
type Info struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"date"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
}

// Get is this binary's Info.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return get(Version, Commit, Date, bi, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// get fills what the linker did not set from Go's build record, then says "unknown".
func get(version, commit, date string, bi *debug.BuildInfo, goVersion, goos, goarch string) Info {
	if version == "dev" {
		version = ""
	}
	i := Info{Version: version, Commit: commit, Date: date, Go: goVersion, OS: goos, Arch: goarch}
	if bi != nil {
		if i.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			i.Version = bi.Main.Version
		}
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if i.Commit == "" {
					i.Commit = s.Value
				}
			case "vcs.time":
				if i.Date == "" {
					i.Date = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && commit == "" && i.Commit != "" {
			i.Commit += " (with uncommitted changes)"
		}
	}
	i.Version = strings.TrimPrefix(i.Version, "v")
	if i.Version == "" {
		i.Version = "dev"
	}
	if i.Commit == "" {
		i.Commit = "unknown"
	}
	if i.Date == "" {
		i.Date = "unknown"
	}
	return i
}

// String is the text `cpcase version` prints: the version first, as `cpcase --version` prints it,
// then one fact a line.
func (i Info) String() string {
	return fmt.Sprintf("cpcase %s\ncommit:  %s\ndate:    %s\ngo:      %s\nos/arch: %s/%s\n",
		i.Version, i.Commit, i.Date, i.Go, i.OS, i.Arch)
}
