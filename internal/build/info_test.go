package build

import (
	"runtime/debug"
	"testing"
)

func TestGet(t *testing.T) {
	vcs := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/cpcase/cpcase", Version: "v1.3.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0b3bf54e"},
			{Key: "vcs.time", Value: "2026-11-30T09:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	devel := &debug.BuildInfo{Main: debug.Module{Path: "github.com/cpcase/cpcase", Version: "(devel)"}}
	for _, tc := range []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  Info
	}{
		{"set by the release tool", "1.2.0", "abcdef0123", "2026-12-01T10:00:00Z", vcs,
			Info{"1.2.0", "abcdef0123", "2026-12-01T10:00:00Z", "go1.26.8", "windows", "amd64"}},
		{"a v from git describe is dropped", "v1.2.0-3-g0b3bf54", "", "", nil,
			Info{"1.2.0-3-g0b3bf54", "unknown", "unknown", "go1.26.8", "windows", "amd64"}},
		{"go install @v1.3.0 from a dirty tree", "", "", "", vcs,
			Info{"1.3.0", "0b3bf54e (with uncommitted changes)", "2026-11-30T09:00:00Z", "go1.26.8", "windows", "amd64"}},
		{"go build with no VCS stamp", "", "", "", devel,
			Info{"dev", "unknown", "unknown", "go1.26.8", "windows", "amd64"}},
		{"no build record", "dev", "", "", nil,
			Info{"dev", "unknown", "unknown", "go1.26.8", "windows", "amd64"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := get(tc.version, tc.commit, tc.date, tc.bi, "go1.26.8", "windows", "amd64")
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestString(t *testing.T) {
	got := Info{"1.2.0", "abcdef0123", "2026-12-01T10:00:00Z", "go1.26.8", "darwin", "arm64"}.String()
	want := "cpcase 1.2.0\ncommit:  abcdef0123\ndate:    2026-12-01T10:00:00Z\ngo:      go1.26.8\nos/arch: darwin/arm64\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
