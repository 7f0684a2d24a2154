package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CaseRef resolves the policy: a case folder's plan.yaml names. Whoever writes a case file may
// not be the person running cpcase, so a case may name a policy only by id, or by a path (relative
// to the case folder, or else to the working directory) to a file inside the folders being
// checked, roots, or inside ./policies (LocalDir, where ids are looked up too, and where cpcase
// init points a case at a local policy), with links resolved. An absolute path, or one that leads
// out of them (../../../etc/passwd, a link to /etc), is refused without the file being opened: a
// policy from anywhere else is given on the command line, with --policy, by the person running
// cpcase. The path returned is the file itself, links resolved, so that what is read is what was
// checked.
func CaseRef(ref, caseDir string, roots []string) (string, error) {
	if len(roots) == 0 {
		roots = []string{"."}
	}
	roots = append(roots[:len(roots):len(roots)], LocalDir)
	if !IsPath(ref) {
		return ref, nil
	}
	// On Windows, \x and /x are absolute too, on the current drive; C:x and \\server\share have
	// a volume name.
	if filepath.IsAbs(ref) || filepath.VolumeName(ref) != "" || os.IsPathSeparator(ref[0]) {
		return "", fmt.Errorf("policy %s is an absolute path; a case may name a policy only by id or by a path inside the folders being checked (give --policy %s to use it)", ref, ref)
	}
	path := filepath.Join(caseDir, ref)
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Lstat(ref); err == nil {
			path = ref
		}
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			// Reported as any missing policy is, when it is read; nothing outside is touched.
			if inAny(absClean(path), roots, false) {
				return path, nil
			}
		} else {
			return "", fmt.Errorf("policy %s: %v", ref, plain(err))
		}
	}
	if real == "" || !inAny(absClean(real), roots, true) {
		return "", fmt.Errorf("policy %s is outside the folders being checked (%s) and ./%s; a case may name a policy only by id or by a path inside them (give --policy %s to use it)", ref, strings.Join(roots[:len(roots)-1], ", "), LocalDir, ref)
	}
	return real, nil
}

// inAny reports whether the absolute path p lies in one of roots (links in roots resolved when
// resolve is set, as they are in p).
func inAny(p string, roots []string, resolve bool) bool {
	for _, r := range roots {
		if info, err := os.Stat(r); err == nil && !info.IsDir() {
			r = filepath.Dir(r)
		}
		if resolve {
			if rr, err := filepath.EvalSymlinks(r); err == nil {
				r = rr
			}
		}
		rel, err := filepath.Rel(absClean(r), p)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func absClean(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
