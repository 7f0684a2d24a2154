package version

import (
	"testing"

	"github.com/cpcase/cpcase/internal/build"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/iostreams"
)

var info = build.Info{Version: "1.2.0", Commit: "0b3bf54233c5f332cf02dc6be0e756ab26c104db",
	Date: "2026-12-01T10:52:32Z", Go: "go1.26.8", OS: "windows", Arch: "amd64"}

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	cmd := NewCmdVersion(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error {
		o.Info = func() build.Info { return info }
		return Run(o)
	})
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(out)
	err := cmd.Execute()
	return out.String(), err
}

func TestVersion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "cpcase 1.2.0\ncommit:  0b3bf54233c5f332cf02dc6be0e756ab26c104db\ndate:    2026-12-01T10:52:32Z\ngo:      go1.26.8\nos/arch: windows/amd64\n"},
		{[]string{"--format", "json"}, `{
  "version": "1.2.0",
  "commit": "0b3bf54233c5f332cf02dc6be0e756ab26c104db",
  "date": "2026-12-01T10:52:32Z",
  "go": "go1.26.8",
  "os": "windows",
  "arch": "amd64"
}
`},
	} {
		got, err := run(t, tc.args...)
		if err != nil || got != tc.want {
			t.Errorf("version %v: %v\n%s\nwant\n%s", tc.args, err, got, tc.want)
		}
	}
}

func TestVersionUsage(t *testing.T) {
	for _, args := range [][]string{{"--format", "yaml"}, {"extra"}} {
		_, err := run(t, args...)
		if !cmdutil.IsUsage(err) {
			t.Errorf("version %v: %v, want a usage error (exit 2)", args, err)
		}
	}
}
