// Package history reads earlier states of case folders from git: it resolves a revision (or the
// last commit before a date), copies the files of an old tree into a private folder without
// checking anything out, and lists the commits that changed each file. It runs the git command
// with plumbing only; it never writes to the repository, its index or its work tree, and never
// reaches the network.
package history

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cpcase/cpcase/internal/dates/civil"
)

// ErrNotRepo is returned when a folder is not inside a git work tree.
var ErrNotRepo = errors.New("not inside a git repository")

// ErrNoGit is returned when the git command cannot be found.
var ErrNoGit = errors.New("the git command was not found (install git to read earlier states of the case folders)")

// London is where "today" and dates given on the command line are read.
var London = mustLondon()

func mustLondon() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}

// Repo is a git work tree.
type Repo struct {
	Root string // the top of the work tree, symlinks resolved
}

// Commit is one commit.
type Commit struct {
	Hash    string
	Author  string
	Email   string
	When    time.Time // the author date
	Subject string    // the first line of the message
}

// Short is the abbreviated hash (12 characters).
func (c Commit) Short() string {
	if len(c.Hash) > 12 {
		return c.Hash[:12]
	}
	return c.Hash
}

// Date is the author date as a civil date in Europe/London.
func (c Commit) Date() civil.Date { return civil.Of(c.When.In(London)) }

// env keeps git from paging, prompting, taking optional locks (a read that refreshes the index
// would write it) or fetching: only local objects are read.
func env() []string {
	return append(os.Environ(),
		"GIT_OPTIONAL_LOCKS=0",
		"GIT_TERMINAL_PROMPT=0",
		"GIT_PAGER=cat",
		"PAGER=cat",
		"GIT_ALLOW_PROTOCOL=",
		"GIT_NO_LAZY_FETCH=1",
		"GIT_NO_REPLACE_OBJECTS=1",
	)
}

// bounded is how every git command here is run: paths as they are (not quoted), and the object
// store read through bounded windows and caches. By default git maps pack files a gigabyte at a
// time and caches 96 MiB of delta bases, so reading every file of a national tree (git cat-file
// over 200,000 objects) grew git itself to 230 MiB; with these limits it stays under 80 MiB, in
// about the same time. They change how objects are read, never what is read.
var bounded = []string{
	"-c", "core.quotePath=false",
	"-c", "core.packedGitWindowSize=16m",
	"-c", "core.packedGitLimit=48m",
	"-c", "core.deltaBaseCacheLimit=16m",
}

// command is git with bounded's settings and args, run in dir with env.
func command(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("git", append(append(slices.Clip(bounded), "--no-pager"), args...)...)
	cmd.Dir = dir
	cmd.Env = env()
	return cmd
}

// git runs git in dir and returns its standard output; a failure carries git's own first line
// of complaint.
func git(dir string, args ...string) ([]byte, error) { return gitIn(dir, "", args...) }

// gitIn is git with stdin as its standard input.
func gitIn(dir, stdin string, args ...string) ([]byte, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, ErrNoGit
	}
	cmd := command(dir, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, "fatal: "), "error: ")
		if msg == "" {
			msg = err.Error()
		}
		return out.Bytes(), errors.New(msg)
	}
	return out.Bytes(), nil
}

// Open finds the git work tree that holds dir.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: no such file or folder", dir)
	}
	if !fi.IsDir() {
		abs = filepath.Dir(abs)
	}
	out, err := git(abs, "rev-parse", "--is-inside-work-tree", "--show-toplevel")
	if err != nil {
		if errors.Is(err, ErrNoGit) {
			return nil, err
		}
		return nil, fmt.Errorf("%s is %w (changes and --at read earlier states of the case folders from git)", dir, ErrNotRepo)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 || lines[0] != "true" {
		return nil, fmt.Errorf("%s is %w (changes and --at read earlier states of the case folders from git)", dir, ErrNotRepo)
	}
	root, err := filepath.EvalSymlinks(lines[1])
	if err != nil {
		root = lines[1]
	}
	return &Repo{Root: root}, nil
}

// logFormat separates a commit's fields with NUL, the one byte no name or message can hold.
const logFormat = "%H%x00%an%x00%ae%x00%aI%x00%s%x00"

// parseCommits reads commits written in logFormat, one after another.
func parseCommits(out []byte) ([]Commit, error) {
	f := strings.Split(string(out), "\x00")
	var cs []Commit
	for i := 0; i+5 <= len(f); i += 5 {
		when, err := time.Parse(time.RFC3339, f[i+3])
		if err != nil {
			return nil, fmt.Errorf("unexpected date %q from git log", f[i+3])
		}
		cs = append(cs, Commit{Hash: strings.TrimSpace(f[i]), Author: f[i+1], Email: f[i+2], When: when, Subject: f[i+4]})
	}
	return cs, nil
}

// Resolve finds the commit a revision names: a hash, a branch, a tag, HEAD~3.
func (r *Repo) Resolve(rev string) (Commit, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return Commit{}, fmt.Errorf("%q is not a revision", rev)
	}
	out, err := git(r.Root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return Commit{}, fmt.Errorf("%q is not a commit of this repository (give a commit, branch or tag, or a date YYYY-MM-DD)", rev)
	}
	return r.commit(strings.TrimSpace(string(out)))
}

func (r *Repo) commit(hash string) (Commit, error) {
	out, err := git(r.Root, "log", "-1", "--no-show-signature", "--format="+logFormat, hash, "--")
	if err != nil {
		return Commit{}, err
	}
	cs, err := parseCommits(out)
	if err != nil || len(cs) != 1 {
		return Commit{}, fmt.Errorf("cannot read commit %s: %v", hash, err)
	}
	return cs[0], nil
}

// commits reads the commits with these hashes, in one git log.
func (r *Repo) commits(hashes []string) (map[string]Commit, error) {
	out := map[string]Commit{}
	if len(hashes) == 0 {
		return out, nil
	}
	data, err := gitIn(r.Root, strings.Join(hashes, "\n")+"\n", "log", "--no-walk=unsorted", "--stdin", "--no-show-signature", "--format="+logFormat)
	if err != nil {
		return nil, err
	}
	cs, err := parseCommits(data)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out[c.Hash] = c
	}
	return out, nil
}

// Before finds the last commit on HEAD's history made before the start of day d in Europe/London:
// the state of the folders as the day began.
func (r *Repo) Before(d civil.Date) (Commit, error) {
	y, m, dd := d.Civil()
	start := time.Date(y, m, dd, 0, 0, 0, 0, London)
	// Commit dates, not author dates: the order in which history was written.
	out, err := git(r.Root, "rev-list", "-1", "--first-parent", "--before="+start.Format(time.RFC3339), "HEAD", "--")
	if err != nil {
		return Commit{}, fmt.Errorf("cannot read the history: %v", err)
	}
	hash := strings.TrimSpace(string(out))
	if hash == "" {
		return Commit{}, fmt.Errorf("no commit before %s: the history starts later", d)
	}
	return r.commit(hash)
}

// ResolveSpec reads what --since and --at take: a date YYYY-MM-DD (the last commit before it),
// else a revision.
func (r *Repo) ResolveSpec(spec string) (Commit, error) {
	if len(spec) == 10 && spec[4] == '-' && spec[7] == '-' {
		d, err := civil.Parse(spec)
		if err != nil {
			return Commit{}, fmt.Errorf("%q is not a valid date: %v", spec, err)
		}
		return r.Before(d)
	}
	return r.Resolve(spec)
}

// Rel is path (a file or folder on disk) relative to the top of the work tree, with forward
// slashes; ok is false when it lies outside the work tree.
func (r *Repo) Rel(path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	} else if real, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(real, filepath.Base(abs))
	}
	rel, err := filepath.Rel(r.Root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
