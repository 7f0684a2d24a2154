package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Finding is the JSON shape of a Diagnostic, the same for every command that prints findings.
type Finding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// WriteJSON writes the findings as one indented JSON array (empty when there are none).
func WriteJSON(w io.Writer, l List) error {
	list := make([]Finding, 0, len(l))
	for _, d := range l {
		list = append(list, Finding{d.File, d.Line, d.Col, d.Severity.String(), d.Msg})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(list)
}

// WriteGitHub writes each finding as a GitHub Actions annotation (::error file=...::message),
// escaped as the Actions toolkit escapes them, so that a message cannot end the command early.
func WriteGitHub(w io.Writer, l List) error {
	for _, d := range l {
		if _, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d::%s\n", d.Severity, ghEscapeProp(d.File), d.Line, d.Col, ghEscape(d.Msg)); err != nil {
			return err
		}
	}
	return nil
}

// ghEscape escapes a workflow command's message, as GitHub Actions' toolkit does.
func ghEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghEscapeProp escapes a workflow command's property value.
func ghEscapeProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
