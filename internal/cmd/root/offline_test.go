package root

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestOfflineByConstruction: the cpcase binary links no package that talks to the network for it
// (case folders hold special-category data about children; cpcase never sends anything anywhere).
// net itself stays allowed: pflag uses its IP types for flag parsing, and net alone opens nothing.
func TestOfflineByConstruction(t *testing.T) {
	t.Parallel()
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
	// Package net is linked for one reason only: the flag library's IP-address flag types.
	for _, imp := range importers["net"] {
		if imp != "github.com/spf13/pflag" {
			t.Errorf("package net is imported by %s, not only by the flag library", imp)
		}
	}
}

// TestNoSocketCodeInTheBinary: what the README promises, checked on the binary itself. The
// linker keeps only code that can be called, so if nothing in cpcase or its dependencies can open
// a connection, the functions that make a socket, dial, listen or resolve a name are not in the
// executable at all: net is there only for its IP address types (parsing and printing).
func TestNoSocketCodeInTheBinary(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command here")
	}
	bin := filepath.Join(t.TempDir(), "cpcase")
	build := exec.Command(goTool, "build", "-o", bin, "./cmd/cpcase")
	build.Dir = "../../.."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(goTool, "tool", "nm", bin).Output()
	if err != nil {
		t.Fatalf("go tool nm: %v", err)
	}
	// A connection starts with socket(2) (then connect or bind); without a caller of those,
	// send and receive calls the runtime keeps for file descriptors in general reach nothing.
	socket := regexp.MustCompile(`(?i)^net\..*(dial|listen|socket|connect|resolver|lookup)|^(syscall|golang\.org/x/sys/unix)\.(socket|socketpair|connect|bind|listen)$`)
	netSyms := 0
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || (f[1] != "T" && f[1] != "t") {
			continue
		}
		sym := f[2]
		if strings.HasPrefix(sym, "net.") {
			netSyms++
		}
		if socket.MatchString(sym) {
			t.Errorf("the binary holds %s: code that can open a network connection", sym)
		}
	}
	if netSyms == 0 {
		t.Fatal("no symbol of package net found: the symbol table is not being read")
	}
}
