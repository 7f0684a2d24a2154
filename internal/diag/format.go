package diag

import (
	"encoding/json"
	"io"
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
