package root

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/testutil"
)

// The test binary doubles as cpcase when CPCASE_TEST_MAIN is set, so that the scripts and a real
// shell can run it as a program. CPCASE_TEST_NOW (RFC 3339) stops its clock, for "today".
func TestMain(m *testing.M) {
	if os.Getenv("CPCASE_TEST_MAIN") == "1" {
		f := cmdutil.New()
		if s := os.Getenv("CPCASE_TEST_NOW"); s != "" {
			at, err := time.Parse(time.RFC3339, s)
			if err != nil {
				os.Stderr.WriteString("CPCASE_TEST_NOW: " + err.Error() + "\n")
				os.Exit(3)
			}
			f.Now = func() time.Time { return at }
		}
		os.Exit(Main(f, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// scriptEnv are the variables a script may set that cpcase reads.
var scriptEnv = []string{"PATH", "HOME", "TMPDIR", "GOCOVERDIR", "CPCASE_TEST_NOW", "GITHUB_ACTIONS",
	"NO_COLOR", "TERM", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "SOURCE_DATE_EPOCH"}

// TestScripts runs the end-to-end scripts in testdata/script, one per command: usage, errors,
// outputs and exit statuses, each in its own folder holding a copy of the examples. Besides
// testscript's own commands a script has:
//
//	cpcase ARGS...   run cpcase (this test binary) in the script's folder; fails on a non-zero
//	                 exit status, or (with !) on zero
//	status N         the last cpcase exited with status N
//	golden NAME      the last cpcase's standard output is testdata/golden/NAME
//
// -update rewrites the scripts' cmp files and the golden files from what cpcase prints.
func TestScripts(t *testing.T) {
	t.Parallel()
	runScripts(t, "testdata/script")
}

func runScripts(t *testing.T, dir string) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	repo := testutil.Root(t)
	testscript.Run(t, testscript.Params{
		Dir:                 dir,
		UpdateScripts:       testutil.Update(),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			env.Setenv("HOME", filepath.Join(env.WorkDir, "home"))
			return os.CopyFS(filepath.Join(env.WorkDir, "examples"), os.DirFS(filepath.Join(repo, "examples")))
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"cpcase": func(ts *testscript.TestScript, neg bool, args []string) {
				cmd := exec.Command(self, args...)
				cmd.Dir = ts.MkAbs(".")
				cmd.Env = asCpcase()
				for _, k := range scriptEnv {
					if v := ts.Getenv(k); v != "" {
						cmd.Env = append(cmd.Env, k+"="+v)
					}
				}
				cmd.Stdin = strings.NewReader("")
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				code := 0
				err := cmd.Run()
				ts.Stdout().Write(slashPaths(stdout.Bytes(), cmd.Dir))
				ts.Stderr().Write(slashPaths(stderr.Bytes(), cmd.Dir))
				if err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("cpcase: %v", err)
					}
					code = ee.ExitCode()
				}
				ts.Setenv("STATUS", strconv.Itoa(code))
				if code != 0 && !neg {
					ts.Fatalf("cpcase exited with status %d", code)
				}
				if code == 0 && neg {
					ts.Fatalf("cpcase exited with status 0")
				}
			},
			"status": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 || neg {
					ts.Fatalf("usage: status N")
				}
				if got := ts.Getenv("STATUS"); got != args[0] {
					ts.Fatalf("cpcase exited with status %s, want %s", got, args[0])
				}
			},
			"golden": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 || neg {
					ts.Fatalf("usage: golden NAME")
				}
				path := filepath.Join(repo, "testdata", "golden", filepath.FromSlash(args[0]))
				if msg := testutil.Compare(path, ts.ReadFile("stdout")); msg != "" {
					ts.Fatalf("%s", msg)
				}
			},
		},
	})
}

// testBinary is this test binary, which runs as cpcase with CPCASE_TEST_MAIN=1.
func testBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return self
}

// winPath is a Windows path of two or more names (broken\plan.yaml, examples\s9\, C:\tmp\x).
var winPath = regexp.MustCompile(`(?:[A-Za-z]:\\)?[\w.-]+(?:\\[\w.-]+)+\\?`)

// slashPaths is cpcase's output as the scripts expect it. On Windows cpcase names files with \
// (docs/windows.md) where the scripts, one set for every system, write /: each path in the output
// that names a file or folder in dir is given with /, and nothing else is changed (an ICS
// escape such as 47\nTeam names no file). Elsewhere the output is as printed.
func slashPaths(out []byte, dir string) []byte {
	if runtime.GOOS != "windows" {
		return out
	}
	return winPath.ReplaceAllFunc(out, func(p []byte) []byte {
		name := strings.TrimSuffix(string(p), `\`)
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		if _, err := os.Stat(name); err != nil {
			return p
		}
		return bytes.ReplaceAll(p, []byte(`\`), []byte("/"))
	})
}

// asCpcase is the environment that makes this test binary run as cpcase. GORACE: a binary built
// with the race detector otherwise waits a second at exit for reports, a second per command.
func asCpcase(env ...string) []string {
	return append([]string{"CPCASE_TEST_MAIN=1", "GORACE=atexit_sleep_ms=0"}, env...)
}
