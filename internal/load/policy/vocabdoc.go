package policy

import (
	"strings"
)

// VocabularyMarkdown is the vocabulary as Markdown tables, one per list of words, for
// policies/README.md (kept in step by TestReadmeVocabulary).
func VocabularyMarkdown() string {
	var b strings.Builder
	for i, v := range Vocabularies {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("**" + v.Name + "** (`" + v.Key + "`)\n\n")
		switch v {
		case &RuleKinds:
			b.WriteString("| word | meaning | keys beyond the common ones | needs |\n|---|---|---|---|\n")
		case &AnchorWords:
			b.WriteString("| word | meaning | scopes |\n|---|---|---|\n")
		default:
			b.WriteString("| word | meaning |\n|---|---|\n")
		}
		for _, w := range v.Words {
			row := "| `" + w.Word + "` | " + strings.ReplaceAll(w.Doc, "|", `\|`)
			switch v {
			case &RuleKinds:
				needs := codeList(w.Needs)
				if len(w.NeedsOneOf) > 0 {
					if needs != "" {
						needs += "; "
					}
					needs += "one of " + codeList(w.NeedsOneOf)
				}
				row += " | " + codeList(w.Keys) + " | " + needs
			case &AnchorWords:
				row += " | " + strings.Join(w.Scopes, ", ")
			}
			b.WriteString(row + " |\n")
		}
	}
	return b.String()
}

func codeList(ws []string) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = "`" + w + "`"
	}
	return strings.Join(out, ", ")
}
