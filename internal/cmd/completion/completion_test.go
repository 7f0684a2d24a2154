package completion

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/iostreams"
)

func TestRun(t *testing.T) {
	t.Parallel()
	root := &cobra.Command{Use: "cpcase"}
	root.AddCommand(&cobra.Command{Use: "due", Run: func(*cobra.Command, []string) {}})
	for shell, marker := range map[string]string{"bash": "__start_cpcase", "zsh": "#compdef cpcase", "fish": "complete -c cpcase", "powershell": "Register-ArgumentCompleter"} {
		for _, noDesc := range []bool{false, true} {
			ios, _, out, _ := iostreams.Test()
			if err := Run(&Options{IO: ios, Root: root, Shell: shell, NoDesc: noDesc}); err != nil || !strings.Contains(out.String(), marker) {
				t.Errorf("%s (no descriptions %v): %v, no %q", shell, noDesc, err, marker)
			}
		}
	}
	ios, _, _, _ := iostreams.Test()
	if err := Run(&Options{IO: ios, Root: root, Shell: "tcsh"}); err == nil || err.Error() != `unknown shell "tcsh" (expected bash, zsh, fish or powershell)` {
		t.Errorf("tcsh: %v", err)
	}
}
