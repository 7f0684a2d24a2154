package root

import (
	"os/exec"
	"strings"
	"testing"
)

// TestOfflineByConstruction: the cpcase binary links no package that talks to the network for it
// (case folders hold special-category data about children; cpcase never sends anything anywhere).
// net itself stays allowed: pflag uses its IP types for flag parsing, and net alone opens nothing.
func TestOfflineByConstruction(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command here")
	}
	list := func(format string) []string {
		cmd := exec.Command(goTool, "list", "-deps", "-f", format, "./cmd/cpcase")
		cmd.Dir = "../../.."
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps ./cmd/cpcase: %v", err)
		}
		return strings.Split(strings.TrimSpace(string(out)), "\n")
	}
	deps := map[string]bool{}
	for _, p := range list("{{.ImportPath}}") {
		deps[p] = true
	}
	if !deps["github.com/cpcase/cpcase/internal/cmd/root"] {
		t.Fatalf("go list -deps does not list internal/cmd/root; the listing is wrong: %d packages", len(deps))
	}
	// Who imports what: to name the culprit in the message.
	importers := map[string][]string{}
	for _, line := range list("{{.ImportPath}}:{{join .Imports \" \"}}") {
		pkg, imports, _ := strings.Cut(line, ":")
		for _, imp := range strings.Fields(imports) {
			importers[imp] = append(importers[imp], pkg)
		}
	}
	for _, banned := range []string{"net/http", "net/smtp", "crypto/tls", "net/rpc", "net/mail"} {
		if deps[banned] {
			t.Errorf("cmd/cpcase links %s (imported by %s)", banned, strings.Join(importers[banned], ", "))
		}
	}
}
