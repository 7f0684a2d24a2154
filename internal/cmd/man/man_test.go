package man

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/iostreams"
)

// A page per visible command, with its examples, and the same pages on every run.
func TestRun(t *testing.T) {
	t.Parallel()
	tree := func() *cobra.Command {
		root := &cobra.Command{Use: "cpcase", Short: "Check case folders"}
		root.AddCommand(&cobra.Command{Use: "due", Short: "Show what is due", Example: "  cpcase due examples", Run: func(*cobra.Command, []string) {}})
		root.AddCommand(&cobra.Command{Use: "man", Hidden: true, Run: func(*cobra.Command, []string) {}})
		return root
	}
	var runs [2]string
	for i := range runs {
		runs[i] = t.TempDir()
		ios, _, out, _ := iostreams.Test()
		if err := Run(&Options{IO: ios, Root: tree(), Dir: runs[i]}); err != nil {
			t.Fatal(err)
		}
		if out.String() != "wrote 2 man pages to "+runs[i]+"\n" {
			t.Errorf("printed %q", out)
		}
	}
	for _, name := range []string{"cpcase.1", "cpcase-due.1"} {
		a, err := os.ReadFile(filepath.Join(runs[0], name))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(runs[1], name))
		if !bytes.Equal(a, b) || !strings.HasPrefix(string(a), ".nh\n.TH \"CPCASE\" \"1\"") {
			t.Errorf("%s: not a man page, or differs between runs:\n%.200s", name, a)
		}
	}
	if !strings.Contains(string(must(os.ReadFile(filepath.Join(runs[0], "cpcase-due.1")))), ".SH EXAMPLE") {
		t.Error("cpcase-due.1 has no examples")
	}
}

func must(b []byte, _ error) []byte { return b }
