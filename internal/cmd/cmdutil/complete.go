package cmdutil

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Dynamic completion is attached to commands after they are built, by what they take: a --policy
// flag takes a policy id, a [PATH...] argument takes case folders, "show ID|FILE" takes a policy.
// The root command calls CompleteTree on the whole tree, so every command gets it, whoever wrote it.

// CompleteTree attaches dynamic completion to c and its sub-commands where they have none.
func CompleteTree(c *cobra.Command) {
	if f := c.Flags().Lookup("policy"); f != nil {
		if _, ok := c.GetFlagCompletionFunc("policy"); !ok {
			_ = c.RegisterFlagCompletionFunc("policy", CompletePolicies)
		}
	}
	if c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 {
		switch {
		case strings.Contains(c.Use, "PATH"):
			c.ValidArgsFunction = CompleteCaseDirs
		case strings.Contains(c.Use, "ID|FILE"):
			c.ValidArgsFunction = CompletePolicies
		}
	}
	for _, sub := range c.Commands() {
		CompleteTree(sub)
	}
}

// CompletePolicies offers the policy ids an id resolves to (./policies first, then the built-in
// ones), each with its title; text that looks like a path completes as a file instead.
func CompletePolicies(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if policy.IsPath(toComplete) || strings.HasPrefix(toComplete, ".") {
		return nil, cobra.ShellCompDirectiveDefault
	}
	var out []cobra.Completion
	for _, e := range policy.List() {
		if strings.HasPrefix(e.ID, toComplete) {
			out = append(out, cobra.CompletionWithDesc(e.ID, safe.Term(e.Title))) // the shell shows it: no controls
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// CompleteCaseDirs offers the folders under what is typed so far, marking those that are case
// folders (hold a plan.yaml); no space follows, so a folder of cases can be gone into.
func CompleteCaseDirs(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	dir, prefix := filepath.Split(toComplete)
	read := dir
	if read == "" {
		read = "."
	}
	entries, err := os.ReadDir(read)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || strings.HasPrefix(name, ".") && !strings.HasPrefix(prefix, ".") {
			continue
		}
		if safe.Term(name) != name {
			continue // a control character (a newline) would break the shell's list, or act on the terminal
		}
		path := filepath.Join(read, name)
		if info, err := os.Stat(path); err != nil || !info.IsDir() {
			continue
		}
		desc := ""
		if _, err := os.Stat(filepath.Join(path, casefolder.PlanFile)); err == nil {
			desc = "case folder"
		}
		out = append(out, cobra.CompletionWithDesc(dir+name+string(filepath.Separator), desc))
	}
	return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
}

// idsOf reads the member or child ids of the case folder named by the first argument.
func idsOf(args []string, children bool) []cobra.Completion {
	if len(args) == 0 {
		return nil
	}
	dir := args[0]
	if filepath.Base(dir) == casefolder.PlanFile {
		dir = filepath.Dir(dir)
	}
	c, _ := casefolder.Load(dir, 0) // as far as it reads: a case with errors still lists its ids
	if c == nil {
		return nil
	}
	var out []cobra.Completion
	if children {
		for _, ch := range c.Children {
			if ch.ID != "" {
				out = append(out, ch.ID)
			}
		}
	} else {
		for _, m := range c.Members {
			if m.ID != "" {
				// the role, not the name: names are personal data and may be on screen
				out = append(out, cobra.CompletionWithDesc(m.ID, safe.Term(m.Role)))
			}
		}
	}
	return out
}

// CompleteIDs completes member (or child) ids of the CASE argument. For a list flag (--present
// sw1,mu) it completes the last id of the list and leaves out those already given.
func CompleteIDs(children bool) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		head, last := "", toComplete
		if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
			head, last = toComplete[:i+1], toComplete[i+1:]
		}
		given := map[string]bool{}
		for _, id := range strings.Split(head, ",") {
			given[id] = true
		}
		var out []cobra.Completion
		for _, c := range idsOf(args, children) {
			id := strings.SplitN(c, "\t", 2)[0]
			if strings.HasPrefix(id, last) && !given[id] {
				out = append(out, head+c)
			}
		}
		sort.Strings(out)
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
