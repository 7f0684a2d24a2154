package diag

import (
	"errors"
	"io/fs"
)

// SameWords is err with the commonest file errors in the same words on every system, as Unix
// words them: Windows' own are "The system cannot find the file specified." and "Access is
// denied." (and in the user's language), so the same mistake read differently there.
func SameWords(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file or directory")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	}
	return err
}
