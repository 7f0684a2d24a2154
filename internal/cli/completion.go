package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

func init() {
	register(newCompletionCmd)
	register(newManCmd)
}

func newCompletionCmd() *cobra.Command {
	var noDesc bool
	cmd := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print the shell completion script for bash, zsh, fish or PowerShell",
		Long: `Completion prints a script that makes the shell complete cpcase's commands and flags, and
also, as you type: policy ids after --policy (from ./policies and the built-in set), case
folders where a command takes paths, and member and child ids of the case for add's --by,
--chair, --present, --seen and the like.

Load it for the current shell, or install it once:

  bash:        source <(cpcase completion bash)
               cpcase completion bash > ~/.local/share/bash-completion/completions/cpcase
  zsh:         cpcase completion zsh > "${fpath[1]}/_cpcase"   (with compinit enabled)
  fish:        cpcase completion fish > ~/.config/fish/completions/cpcase.fish
  PowerShell:  cpcase completion powershell | Out-String | Invoke-Expression

Exit status: 0 done, 2 usage error.`,
		Example: `  source <(cpcase completion bash)
  cpcase completion zsh --no-descriptions > _cpcase`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: []cobra.Completion{"bash", "zsh", "fish", "powershell"},
		RunE: func(cmd *cobra.Command, args []string) error {
			out, root := cmd.OutOrStdout(), cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(out, !noDesc)
			case "zsh":
				if noDesc {
					return root.GenZshCompletionNoDesc(out)
				}
				return root.GenZshCompletion(out)
			case "fish":
				return root.GenFishCompletion(out, !noDesc)
			case "powershell":
				if noDesc {
					return root.GenPowerShellCompletion(out)
				}
				return root.GenPowerShellCompletionWithDesc(out)
			}
			return usagef("unknown shell %q (expected bash, zsh, fish or powershell)", args[0])
		},
	}
	cmd.Flags().BoolVar(&noDesc, "no-descriptions", false, "complete without a description beside each choice")
	return cmd
}

// newManCmd writes the man pages; `make man` runs it. Hidden: it is for packagers, and so that
// the pages come from the commands themselves and no extra program ships.
func newManCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:    "man --dir DIR",
		Short:  "Write the man pages, one per command, into a folder",
		Hidden: true,
		Args:   cobra.NoArgs,
		Example: `  cpcase man --dir bin/man
  man -l bin/man/cpcase-due.1`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return usagef("--dir: give the folder to write the man pages into")
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return ioError(err)
			}
			root := cmd.Root()
			// No "generated on <date>" footer; the header's month honours SOURCE_DATE_EPOCH (make man
			// sets it), so the same source gives the same pages.
			root.DisableAutoGenTag = true
			header := &doc.GenManHeader{Title: "CPCASE", Section: "1", Source: "cpcase " + Version, Manual: "cpcase manual"}
			if err := doc.GenManTree(root, header, dir); err != nil {
				return ioError(err)
			}
			entries, _ := os.ReadDir(dir)
			n := 0
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".1") {
					n++
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d man pages to %s\n", n, dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "the folder to write into (created if missing)")
	_ = cmd.MarkFlagDirname("dir")
	return cmd
}

// Dynamic completion is attached to commands after they are built, by what they take: a --policy
// flag takes a policy id, a [PATH...] argument takes case folders, "show ID|FILE" takes a policy.
// NewRoot calls completeTree on the whole tree, so every command gets it, whoever wrote it.

// completeTree attaches dynamic completion to c and its sub-commands where they have none.
func completeTree(c *cobra.Command) {
	if f := c.Flags().Lookup("policy"); f != nil {
		if _, ok := c.GetFlagCompletionFunc("policy"); !ok {
			_ = c.RegisterFlagCompletionFunc("policy", completePolicies)
		}
	}
	if c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 {
		switch {
		case strings.Contains(c.Use, "PATH"):
			c.ValidArgsFunction = completeCaseDirs
		case strings.Contains(c.Use, "ID|FILE"):
			c.ValidArgsFunction = completePolicies
		}
	}
	for _, sub := range c.Commands() {
		completeTree(sub)
	}
}

// completePolicies offers the policy ids an id resolves to (./policies first, then the built-in
// ones), each with its title; text that looks like a path completes as a file instead.
func completePolicies(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if policy.IsPath(toComplete) || strings.HasPrefix(toComplete, ".") {
		return nil, cobra.ShellCompDirectiveDefault
	}
	var out []cobra.Completion
	for _, e := range policy.List() {
		if strings.HasPrefix(e.ID, toComplete) {
			out = append(out, cobra.CompletionWithDesc(e.ID, e.Title))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeCaseDirs offers the folders under what is typed so far, marking those that are case
// folders (hold a plan.yaml); no space follows, so a folder of cases can be gone into.
func completeCaseDirs(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
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
				out = append(out, cobra.CompletionWithDesc(m.ID, m.Role))
			}
		}
	}
	return out
}

// completeIDs completes member (or child) ids of the CASE argument. For a list flag (--present
// sw1,mu) it completes the last id of the list and leaves out those already given.
func completeIDs(children bool) cobra.CompletionFunc {
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
