package root

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"

	"github.com/cpcase/cpcase/internal/testutil"
)

// cpcaseOnPath puts a program named cpcase (this test binary) in a new folder and returns the
// folder, for PATH.
func cpcaseOnPath(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(self, filepath.Join(dir, "cpcase")); err != nil {
		t.Skipf("cannot link the test binary: %v", err)
	}
	return dir
}

// TestEveryCommandCompletes walks the whole command tree: every --policy flag completes policy
// ids, every command taking paths completes case folders, every member and child flag of add
// completes ids. NewCmdRoot attaches completion to the whole tree.
func TestEveryCommandCompletes(t *testing.T) {
	t.Parallel()
	root := NewCmdRoot(cmdutil.New())
	var walk func(c *cobra.Command)
	count := 0
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("policy") != nil {
			count++
			if _, ok := c.GetFlagCompletionFunc("policy"); !ok {
				t.Errorf("%s: --policy has no completion", c.CommandPath())
			}
		}
		if strings.Contains(c.Use, "PATH") && c.ValidArgsFunction == nil {
			t.Errorf("%s: takes paths but does not complete case folders", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if count < 3 {
		t.Errorf("found %d commands with --policy; the walk is not reaching them", count)
	}
	for _, path := range [][]string{{"add", "visit"}, {"add", "meeting"}, {"add", "conference"}, {"add", "escalation"}} {
		c, _, err := root.Find(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"by", "chair", "present", "apologies", "absent", "lead", "to", "seen", "alone", "children", "kind", "decision", "reason"} {
			if c.Flags().Lookup(f) == nil {
				continue
			}
			if _, ok := c.GetFlagCompletionFunc(f); !ok && !(f == "decision" && path[1] == "meeting") {
				t.Errorf("%s --%s has no completion", c.CommandPath(), f)
			}
		}
	}
}

func TestCompleteInProcess(t *testing.T) {
	examples, _ := filepath.Abs(filepath.Join("..", "..", "..", "examples"))
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "due", "--policy", "core-g"}, "core-group-booking\tBooking a core group (action table)\n" +
			"core-group-scotland\tThe core group (Scotland)\n" +
			"core-group-working-2017\tCore group working (October 2017)\n" +
			"core-groups-ch7\tCore groups and the implementation of the child protection plan (chapter 7)\n" +
			"core-groups-s9\tCore groups and the detailed child protection plan (chapter 9)\n:4\n"},
		{[]string{"__complete", "due", "--policy", "core-groups-"}, "core-groups-ch7\tCore groups and the implementation of the child protection plan (chapter 7)\n" +
			"core-groups-s9\tCore groups and the detailed child protection plan (chapter 9)\n:4\n"},
		{[]string{"__complete", "check", "s9"}, "s9-three-children" + string(filepath.Separator) + "\tcase folder\n:6\n"}, // s9-three-children\ on Windows
		{[]string{"__complete", "add", "visit", "s9-three-children", "--by", "s"}, "sn1\tschool-nurse\nsw1\tlead-social-worker\n:4\n"},
		{[]string{"__complete", "add", "meeting", "s9-three-children", "--present", "sw1,t"}, "sw1,tch1\tteacher\nsw1,tch2\tteacher\nsw1,tm1\tteam-manager\n:4\n"},
		{[]string{"__complete", "add", "visit", "s9-three-children", "--seen", "t,"}, "t,l\nt,r\n:4\n"},
		{[]string{"__complete", "add", "visit", "s9-three-children", "--kind", ""}, "home\nschool\noffice\nother\n:4\n"},
		{[]string{"__complete", "policy", "show", "core-group-s"}, "core-group-scotland\tThe core group (Scotland)\n:4\n"},
	}
	for _, tt := range tests {
		out, _, code := cpcase(t, append([]string{"dir=" + examples}, tt.args...)...)
		if code != 0 || out != tt.want {
			t.Errorf("cpcase %s: exit %d\n%s\nwant\n%s", strings.Join(tt.args, " "), code, out, tt.want)
		}
	}
}

// bashComplete runs a real bash: it loads the completion script cpcase prints, sets the line as
// the shell would for a TAB at its end, calls the completion function and prints COMPREPLY.
func bashComplete(t *testing.T, bin, dir, script, line string) []string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	const program = `
# bash-completion, when installed, provides _get_comp_words_by_ref; cobra's script needs it.
for f in /usr/share/bash-completion/bash_completion /etc/bash_completion; do
  [[ -r $f ]] && { source "$f"; break; }
done
if ! declare -F _get_comp_words_by_ref >/dev/null; then
  # The part of bash-completion's function that the script uses, for words without quotes.
  _get_comp_words_by_ref() {
    while [[ $# -gt 0 ]]; do
      case $1 in
        -n) shift 2 ;;
        cur) cur=${COMP_WORDS[COMP_CWORD]}; shift ;;
        prev) prev=${COMP_WORDS[COMP_CWORD-1]}; shift ;;
        words) words=("${COMP_WORDS[@]}"); shift ;;
        cword) cword=$COMP_CWORD; shift ;;
        *) shift ;;
      esac
    done
  }
fi
source "$SCRIPT"
read -r -a COMP_WORDS <<< "$LINE"
[[ $LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE=$LINE
COMP_POINT=${#LINE}
__start_cpcase
printf '%s\n' "${COMPREPLY[@]}"
`
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", program)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"CPCASE_TEST_MAIN=1", "GORACE=atexit_sleep_ms=0", "SCRIPT="+script, "LINE="+line, "COLUMNS=200")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("bash: %v\n%s", err, errOut.String())
	}
	var got []string
	for _, l := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
		if l != "" {
			got = append(got, l)
		}
	}
	return got
}

// TestBashCompletion completes in a real bash session, with the script cpcase generates:
// `cpcase due --policy core-g<TAB>` offers the policy ids (a local policies/ folder first),
// `--by s<TAB>` the members of the case, and a path the case folders.
func TestBashCompletion(t *testing.T) {
	t.Parallel()
	bin := cpcaseOnPath(t)
	dir := testutil.Examples(t)
	if err := os.MkdirAll(filepath.Join(dir, "policies"), 0o755); err != nil {
		t.Fatal(err)
	}
	local, _ := os.ReadFile(filepath.Join("..", "..", "..", "policies", "core-groups-s9.yaml"))
	if err := os.WriteFile(filepath.Join(dir, "policies", "core-groups-local.yaml"), local, 0o644); err != nil {
		t.Fatal(err)
	}
	scripts := map[string]string{}
	for _, desc := range []string{"", "--no-descriptions"} {
		args := []string{"completion", "bash"}
		if desc != "" {
			args = append(args, desc)
		}
		out, _, code := cpcase(t, args...)
		if code != 0 || !strings.Contains(out, "__start_cpcase") {
			t.Fatalf("completion bash: exit %d", code)
		}
		p := filepath.Join(t.TempDir(), "cpcase.bash")
		if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		scripts[desc] = p
	}
	ids := func(lines []string) []string {
		var out []string
		for _, l := range lines {
			out = append(out, strings.Fields(l)[0]) // with descriptions: "id  (title)"
		}
		sort.Strings(out)
		return out
	}
	tests := []struct {
		line string
		want []string
	}{
		{"cpcase due --policy core-g", []string{"core-group-booking", "core-group-scotland", "core-group-working-2017", "core-groups-ch7", "core-groups-local", "core-groups-s9"}},
		{"cpcase due --policy core-groups-", []string{"core-groups-ch7", "core-groups-local", "core-groups-s9"}},
		{"cpcase check --policy=core-groups-c", []string{"core-groups-ch7"}},
		{"cpcase add visit s9-three-children --by s", []string{"sn1", "sw1"}},
		{"cpcase add meeting s9-three-children --chair t", []string{"tch1", "tch2", "tm1"}},
		{"cpcase due s9", []string{"s9-three-children/"}},
		{"cpcase completion ", []string{"bash", "fish", "powershell", "zsh"}},
	}
	for _, tt := range tests {
		for desc, script := range scripts {
			got := ids(bashComplete(t, bin, dir, script, tt.line))
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("%q (completion bash %s): COMPREPLY %v, want %v", tt.line, desc, got, tt.want)
			}
		}
	}
}
