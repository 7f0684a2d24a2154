package diag

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestSameWords(t *testing.T) {
	_, notExist := os.Open(filepath.Join(t.TempDir(), "no-such.yaml"))
	var pe *fs.PathError
	if !errors.As(notExist, &pe) {
		t.Fatalf("not a path error: %v", notExist)
	}
	other := errors.New("is a folder, not a file")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{pe.Err, "no such file or directory"},
		{fs.ErrNotExist, "no such file or directory"},
		{fs.ErrPermission, "permission denied"},
		{other, "is a folder, not a file"},
	} {
		if got := SameWords(tc.err).Error(); got != tc.want {
			t.Errorf("SameWords(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
