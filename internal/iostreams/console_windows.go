package iostreams

import (
	"os"

	"golang.org/x/sys/windows"
)

// enableVT asks the Windows console behind f to take ANSI escape sequences (colour), and reports
// whether it does: a console of Windows 10 or later does once asked, an older one cannot, and
// would print the escapes as text.
func enableVT(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if windows.GetConsoleMode(h, &mode) != nil {
		return false
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return true
	}
	return windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
