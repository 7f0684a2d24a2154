package policy

import (
	"strings"
	"testing"
)

// Every Windows spelling of a path outside the case is an absolute path to refuse: rooted on the
// current drive, on a drive (with or without a separator after it), or on a network share.
func TestCaseRefAbsoluteOnWindows(t *testing.T) {
	caseDir := t.TempDir()
	for _, ref := range []string{`\Windows\win.ini`, `/Windows/win.ini`, `C:\Windows\win.ini`, `C:policy.yaml`, `\\server\share\policy.yaml`, `//server/share/policy.yaml`} {
		got, err := CaseRef(ref, caseDir, []string{caseDir})
		if err == nil || !strings.Contains(err.Error(), "absolute path") || !strings.Contains(err.Error(), "--policy") {
			t.Errorf("CaseRef(%q) = %q, %v; want it refused as an absolute path", ref, got, err)
		}
	}
}
