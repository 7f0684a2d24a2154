// Package gittest builds git repositories for tests, with an environment of the test's own: no
// system or user configuration, a fixed author and committer, dates given per commit.
package gittest

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Repo is a repository made for a test.
type Repo struct {
	T   *testing.T
	Dir string
}

// Isolate gives the test a HOME of its own and no system git configuration, and stops git
// from looking above the test's folders for a repository.
func Isolate(t *testing.T) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	t.Setenv("GIT_AUTHOR_NAME", "Ann Author")
	t.Setenv("GIT_AUTHOR_EMAIL", "ann@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "Cy Committer")
	t.Setenv("GIT_COMMITTER_EMAIL", "cy@example.org")
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(home))
	t.Setenv("TZ", "UTC")
}

// New makes an empty repository with branch main in a fresh folder.
func New(t *testing.T) *Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	Isolate(t)
	r := &Repo{T: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "main")
	return r
}

// Git runs git in the repository and returns its output; a failure fails the test.
func (r *Repo) Git(args ...string) string {
	r.T.Helper()
	return r.GitEnv(nil, args...)
}

// GitEnv is Git with extra environment variables.
func (r *Repo) GitEnv(env []string, args ...string) string {
	r.T.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		r.T.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// Write writes files (path relative to the repository: text).
func (r *Repo) Write(files map[string]string) {
	r.T.Helper()
	for name, text := range files {
		p := filepath.Join(r.Dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.T.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			r.T.Fatal(err)
		}
	}
}

// Commit stages everything and commits it with the message, authored and committed at when
// (RFC 3339), and returns the commit's hash.
func (r *Repo) Commit(when, message string) string {
	r.T.Helper()
	r.Git("add", "-A")
	env := []string{"GIT_AUTHOR_DATE=" + when, "GIT_COMMITTER_DATE=" + when}
	r.GitEnv(env, "commit", "-q", "-m", message)
	return strings.TrimSpace(r.Git("rev-parse", "HEAD"))
}

// State is what a read-only command must leave as it found it: the status, the index file's
// bytes, every ref and HEAD. The index is read first and status takes no optional lock, so that
// taking the state does not itself rewrite the index.
func (r *Repo) State() string {
	r.T.Helper()
	idx, err := os.ReadFile(filepath.Join(r.Dir, ".git", "index"))
	if err != nil && !os.IsNotExist(err) {
		r.T.Fatal(err)
	}
	head, _ := os.ReadFile(filepath.Join(r.Dir, ".git", "HEAD"))
	return fmt.Sprintf("status:\n%s\nindex: %x\nrefs:\n%s\nHEAD: %s",
		r.GitEnv([]string{"GIT_OPTIONAL_LOCKS=0"}, "status", "--porcelain", "--untracked-files=all"), sha256.Sum256(idx),
		r.Git("for-each-ref", "--format=%(refname) %(objectname)"), head)
}
