// Package completion is `cpcase completion`: the shell completion scripts.
package completion

import (
	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/iostreams"
)

// Options are what `cpcase completion` runs with.
type Options struct {
	IO *iostreams.IOStreams

	Root   *cobra.Command // the tree to complete
	Shell  string
	NoDesc bool
}

// NewCmdCompletion builds the command; runF, when not nil, runs instead of Run.
func NewCmdCompletion(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams}
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
			o.Root, o.Shell = cmd.Root(), args[0]
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().BoolVar(&o.NoDesc, "no-descriptions", false, "complete without a description beside each choice")
	return cmd
}

// Run is `cpcase completion`.
func Run(o *Options) error {
	out, root, noDesc := o.IO.Out, o.Root, o.NoDesc
	switch o.Shell {
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
	return cmdutil.Usagef("unknown shell %q (expected bash, zsh, fish or powershell)", o.Shell)
}
