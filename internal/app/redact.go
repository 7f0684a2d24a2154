package app

import (
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/redact"
)

// CaseNames are the names recorded in a case: its members' and its children's.
func CaseNames(c *casefolder.Case) []string {
	var names []string
	for _, m := range c.Members {
		names = append(names, m.Name)
	}
	for _, ch := range c.Children {
		names = append(names, ch.Name)
	}
	return names
}

// RedactNames rewrites findings for --redact through the one redaction step (package redact):
// each name recorded in the case, in any letter case, prints as its label, and each name word
// alone as its initial, so that a finding quoting a name written in the wrong place (unknown
// member "sam okafor" in chair) shows no more than "S.O.~5d1e".
func RedactNames(d diag.List, c *casefolder.Case) diag.List {
	return RedactWith(d, redact.New(CaseNames(c)...))
}

// RedactWith rewrites findings' messages with r.
func RedactWith(d diag.List, r *redact.Redactor) diag.List {
	out := make(diag.List, len(d))
	for i, x := range d {
		x.Msg = r.Text(x.Msg)
		out[i] = x
	}
	return out
}
