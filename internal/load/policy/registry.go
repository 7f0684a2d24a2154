package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
	"github.com/cpcase/cpcase/policies"
)

// LocalDir is where ids resolve first, before the embedded set.
const LocalDir = "policies"

// IsPath reports whether ref names a file rather than an id.
func IsPath(ref string) bool {
	return strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml")
}

// Entry is a policy found by List.
type Entry struct {
	ID           string
	Title        string
	Jurisdiction string
	Origin       string // a path, or "embedded"
}

// Registry resolves and caches policies by id or path.
type Registry struct {
	mu    sync.Mutex
	cache map[string]result
}

type result struct {
	p   *Policy
	d   diag.List
	err error
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{cache: map[string]result{}} }

// Resolve finds a policy: a path is read as a file; an id resolves in ./policies first, then in
// the embedded set. Findings in the file come back in the list (the policy is nil on errors);
// err is for a policy that cannot be found or read.
func (r *Registry) Resolve(ref string) (*Policy, diag.List, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if res, ok := r.cache[ref]; ok {
		return res.p, res.d, res.err
	}
	p, d, err := resolve(ref)
	r.cache[ref] = result{p, d, err}
	return p, d, err
}

func resolve(ref string) (*Policy, diag.List, error) {
	if IsPath(ref) {
		data, err := yamlwalk.ReadFile(ref)
		if err != nil {
			return nil, nil, fmt.Errorf("policy %s: %w", ref, plain(err))
		}
		p, d := Load(ref, data, ref)
		return p, d, nil
	}
	local := filepath.Join(LocalDir, ref+".yaml")
	data, err := yamlwalk.ReadFile(local)
	switch {
	case err == nil:
		p, d := Load(local, data, local)
		return p, d, nil
	case !errors.Is(err, fs.ErrNotExist):
		// A local file that is there but cannot be read must not quietly give way to the
		// built-in policy of the same id.
		return nil, nil, fmt.Errorf("policy %s: %w", local, plain(err))
	}
	data, err = fs.ReadFile(policies.FS, ref+".yaml")
	if err != nil {
		return nil, nil, fmt.Errorf("unknown policy %q (known: %s)", ref, strings.Join(knownIDs(), ", "))
	}
	p, d := Load("embedded:"+ref+".yaml", data, "embedded")
	return p, d, nil
}

func plain(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func knownIDs() []string {
	seen := map[string]bool{}
	for _, e := range List() {
		seen[e.ID] = true
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Embedded returns the shipped policy files by name.
func Embedded() map[string][]byte {
	out := map[string][]byte{}
	entries, _ := fs.ReadDir(policies.FS, ".")
	for _, e := range entries {
		if data, err := fs.ReadFile(policies.FS, e.Name()); err == nil {
			out[e.Name()] = data
		}
	}
	return out
}

// List returns the policies an id can resolve to: ./policies first, then the embedded ones not
// shadowed by a local file of the same id.
func List() []Entry {
	var out []Entry
	local := map[string]bool{}
	if files, err := filepath.Glob(filepath.Join(LocalDir, "*.yaml")); err == nil {
		sort.Strings(files)
		for _, f := range files {
			data, err := yamlwalk.ReadFile(f)
			if err != nil {
				continue
			}
			id := strings.TrimSuffix(filepath.Base(f), ".yaml")
			e := Entry{ID: id, Origin: f}
			if p, _ := Load(f, data, f); p != nil {
				e.Title, e.Jurisdiction = p.Title, p.Jurisdiction
			} else {
				e.Title = "(does not load: run cpcase policy lint " + f + ")"
			}
			local[id] = true
			out = append(out, e)
		}
	}
	emb := Embedded()
	names := make([]string, 0, len(emb))
	for n := range emb {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		id := strings.TrimSuffix(n, ".yaml")
		if local[id] {
			continue
		}
		e := Entry{ID: id, Origin: "embedded"}
		if p, _ := Load(n, emb[n], "embedded"); p != nil {
			e.Title, e.Jurisdiction = p.Title, p.Jurisdiction
		}
		out = append(out, e)
	}
	return out
}
