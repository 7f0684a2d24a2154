// Package schema is `cpcase schema`: the JSON Schemas of the case files and policy files.
package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/edit"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/schema"
)

// Options are what `cpcase schema` runs with.
type Options struct {
	IO *iostreams.IOStreams

	Args  []string // case or policy: at most one
	File  string   // --file: the case file
	Write string   // --write: the folder to write every schema into
}

// NewCmdSchema builds the command; runF, when not nil, runs instead of Run.
func NewCmdSchema(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "schema case|policy",
		Short: "Print the JSON Schema of a case file or a policy file, for editors",
		Long: `Schema prints a JSON Schema (draft-07, which the YAML extension of VS Code reads) for one of
the four case files (--file plan, members, meetings or visits) or for policy files. With it an
editor underlines an unknown key, a wrong type, a word that is not allowed or a date that is
not YYYY-MM-DD as you type, and shows what each key means. The schemas are generated from the
same description of the format that cpcase check reads files with.

--write DIR writes all five schemas into DIR (case-plan.schema.json, case-members.schema.json,
case-meetings.schema.json, case-visits.schema.json, policy.schema.json). See docs/editors.md
for setting up VS Code.

A schema checks each file on its own: cpcase check still has the last word on what a schema
cannot see (ids that must exist in another file, date order, duplicates).

Exit status: 0 done, 2 usage or I/O error.`,
		Example: `  cpcase schema case --file plan > case-plan.schema.json
  cpcase schema policy > policy.schema.json
  cpcase schema --write schemas`,
		Args: cobra.MaximumNArgs(1),
		ValidArgs: []cobra.Completion{
			cobra.CompletionWithDesc("case", "a case file (give --file)"),
			cobra.CompletionWithDesc("policy", "a policy file"),
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Args = args
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().StringVar(&o.File, "file", "", "the case file: plan, members, meetings or visits")
	cmd.Flags().StringVar(&o.Write, "write", "", "write all five schemas into this folder")
	_ = cmd.RegisterFlagCompletionFunc("file", cobra.FixedCompletions([]cobra.Completion{"plan", "members", "meetings", "visits"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagDirname("write")
	return cmd
}

// Run is `cpcase schema`.
func Run(o *Options) error {
	if o.Write != "" {
		if len(o.Args) > 0 || o.File != "" {
			return cmdutil.Usagef("--write writes every schema; give no case|policy or --file with it")
		}
		return writeSchemas(o, o.Write)
	}
	if len(o.Args) == 0 {
		return cmdutil.Usagef("say which schema: cpcase schema case --file plan|members|meetings|visits, or cpcase schema policy")
	}
	f, err := schemaFile(o.Args[0], o.File)
	if err != nil {
		return err
	}
	_, err = o.IO.Out.Write(schema.Generate(f))
	return err
}

func schemaFile(what, file string) (schema.File, error) {
	switch what {
	case "policy":
		if file != "" {
			return schema.File{}, cmdutil.Usagef("--file is for case files; a policy is one file")
		}
		for _, f := range schema.Files() {
			if f.Name == schema.PolicyFileName {
				return f, nil
			}
		}
	case "case":
		if file == "" {
			return schema.File{}, cmdutil.Usagef("which case file? give --file plan, members, meetings or visits (each file has its own schema)")
		}
		name := strings.TrimSuffix(file, ".yaml") + ".yaml"
		if casefolder.Spec(name) == nil {
			return schema.File{}, cmdutil.Usagef("--file: unknown case file %q (expected plan, members, meetings or visits)", file)
		}
		for _, f := range schema.Files() {
			if f.Subject == name {
				return f, nil
			}
		}
	}
	return schema.File{}, cmdutil.Usagef("unknown schema %q (expected case or policy)", what)
}

func writeSchemas(o *Options, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cmdutil.IOError(err)
	}
	for _, f := range schema.Files() {
		path := filepath.Join(dir, f.Name)
		if err := edit.Overwrite(path, schema.Generate(f)); err != nil {
			return cmdutil.IOError(err)
		}
		fmt.Fprintln(o.IO.Out, "wrote", path)
	}
	return nil
}
