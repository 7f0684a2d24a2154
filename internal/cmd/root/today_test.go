package root

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTzdataEmbedded: the cpcase command embeds the zone database, so "today" is right on a
// machine without one (Windows, distroless containers).
func TestTzdataEmbedded(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command here")
	}
	t.Parallel()
	cmd := exec.Command(goTool, "list", "-deps", "./cmd/cpcase")
	cmd.Dir = "../../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains("\n"+string(out), "\ntime/tzdata\n") {
		t.Error("cmd/cpcase does not import time/tzdata")
	}
}
