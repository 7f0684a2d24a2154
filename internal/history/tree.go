package history

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// entry is a file of a tree.
type entry struct {
	hash string
	size int64
	path string // relative to the top of the tree, forward slashes
}

// files lists the YAML files of commit c under the repository-relative paths ("" or "." is the
// whole tree). Symbolic links and submodules are left out: an old tree is read as data, and a
// link could point anywhere.
func (r *Repo) files(c Commit, paths []string) ([]entry, error) {
	args := []string{"ls-tree", "-r", "-z", "-l", "--full-tree", c.Hash, "--"}
	for _, p := range paths {
		if p == "" || p == "." {
			args = args[:len(args)-1]
			break
		}
		args = append(args, p)
	}
	out, err := git(r.Root, args...)
	if err != nil {
		return nil, fmt.Errorf("cannot list the files of %s: %v", c.Short(), err)
	}
	var es []entry
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, name, ok := strings.Cut(string(rec), "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 || f[1] != "blob" || (f[0] != "100644" && f[0] != "100755") {
			continue
		}
		if ext := strings.ToLower(path.Ext(name)); ext != ".yaml" && ext != ".yml" {
			continue
		}
		size, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			continue
		}
		es = append(es, entry{hash: f[2], size: size, path: name})
	}
	return es, nil
}

// Extract writes the YAML files of commit c under the repository-relative paths into dst, at
// the same relative places, through git ls-tree and git cat-file: nothing is checked out and the
// index is not read or written. A file over the loader's size limit is written as a hole of its
// size, so that loading it fails as it would have in the work tree. It returns how many files
// were written.
func (r *Repo) Extract(c Commit, paths []string, dst string) (int, error) {
	es, err := r.files(c, paths)
	if err != nil {
		return 0, err
	}
	if len(es) == 0 {
		return 0, nil
	}
	cmd := command(r.Root, "cat-file", "--batch")
	var stdin bytes.Buffer
	var want []entry
	for _, e := range es {
		if e.size <= yamlwalk.MaxFileSize {
			stdin.WriteString(e.hash + "\n")
			want = append(want, e)
		} else if err := writeHole(dst, e); err != nil {
			return 0, err
		}
	}
	cmd.Stdin = &stdin
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	br := bufio.NewReader(stdout)
	n := len(es) - len(want)
	for _, e := range want {
		head, err := br.ReadString('\n')
		if err != nil {
			_ = cmd.Wait()
			return n, fmt.Errorf("cannot read %s at %s: %v", e.path, c.Short(), err)
		}
		f := strings.Fields(head)
		if len(f) != 3 || f[1] != "blob" {
			_ = cmd.Wait()
			return n, fmt.Errorf("cannot read %s at %s: git said %q", e.path, c.Short(), strings.TrimSpace(head))
		}
		size, _ := strconv.ParseInt(f[2], 10, 64)
		if err := writeFile(dst, e.path, io.LimitReader(br, size)); err != nil {
			_ = cmd.Wait()
			return n, err
		}
		if _, err := br.Discard(1); err != nil { // the newline after each object
			_ = cmd.Wait()
			return n, err
		}
		n++
	}
	if err := cmd.Wait(); err != nil {
		return n, fmt.Errorf("git cat-file: %v %s", err, strings.TrimSpace(errb.String()))
	}
	return n, nil
}

// target is where a tree path goes under dst; a path that would leave dst is refused.
func target(dst, rel string) (string, error) {
	clean := path.Clean("/" + rel)[1:]
	if clean == "" || clean != rel {
		return "", fmt.Errorf("refusing the path %q from git", rel)
	}
	return filepath.Join(dst, filepath.FromSlash(clean)), nil
}

func writeFile(dst, rel string, r io.Reader) error {
	p, err := target(dst, rel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeHole(dst string, e entry) error {
	if err := writeFile(dst, e.path, strings.NewReader("")); err != nil {
		return err
	}
	p, _ := target(dst, e.path)
	return os.Truncate(p, e.size)
}

// Checkout is an old tree copied into a private temporary folder; Close removes it.
type Checkout struct {
	Commit Commit
	Dir    string // the top of the copied tree
	Files  int
}

// Close removes the copy.
func (k *Checkout) Close() error { return os.RemoveAll(k.Dir) }

// Path is where a repository-relative path of the old tree lies in the copy.
func (k *Checkout) Path(rel string) string {
	if rel == "" || rel == "." {
		return k.Dir
	}
	return filepath.Join(k.Dir, filepath.FromSlash(rel))
}

// Copy extracts the YAML files of commit c under the repository-relative paths into a new
// folder that only the user may read (the files hold personal data).
func (r *Repo) Copy(c Commit, paths []string) (*Checkout, error) {
	dir, err := os.MkdirTemp("", "cpcase-at-")
	if err != nil {
		return nil, err
	}
	n, err := r.Extract(c, paths, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Checkout{Commit: c, Dir: dir, Files: n}, nil
}

// At copies the YAML files of commit c, the whole tree (so that a policy file a case names by a
// relative path comes from the same commit), and says where each path (a file or folder on disk
// inside the work tree) lies in the copy. Paths that did not exist at c are listed in missing,
// in the order given; a path outside the work tree is an error.
func (r *Repo) At(c Commit, paths []string) (k *Checkout, mapped, missing []string, err error) {
	rels := make([]string, len(paths))
	for i, p := range paths {
		rel, ok := r.Rel(p)
		if !ok {
			return nil, nil, nil, fmt.Errorf("%s is outside the git repository at %s", p, r.Root)
		}
		rels[i] = rel
	}
	k, err = r.Copy(c, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	for i, rel := range rels {
		if _, err := os.Stat(k.Path(rel)); err != nil {
			missing = append(missing, paths[i])
			continue
		}
		mapped = append(mapped, k.Path(rel))
	}
	return k, mapped, missing, nil
}

// Rel is a file of the copy as a path relative to the top of the repository ("" when it is not
// in the copy).
func (k *Checkout) Rel(file string) string {
	rel, err := filepath.Rel(k.Dir, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}
