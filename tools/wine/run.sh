#!/bin/sh
# run.sh PROGRAM.exe [ARG...]: run a Windows amd64 program under wine (Debian: apt-get install
# wine64 gcc-mingw-w64-x86-64-win32), in a wine prefix of its own under bin/wine. Debian 12's wine
# 8.0 has no bcryptprimitives.dll, which every Go 1.24+ program loads at start-up; a stand-in for
# its one function is built into the prefix the first time (bcryptprimitives.c). See docs/windows.md.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
wine=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)
[ -x "$wine" ] || { echo "run.sh: wine not found (apt-get install wine64)" >&2; exit 2; }
export WINEPREFIX="${WINEPREFIX:-$root/bin/wine}" WINEDEBUG="${WINEDEBUG:--all}"
dll="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
if [ ! -f "$dll" ]; then
	command -v x86_64-w64-mingw32-gcc >/dev/null ||
		{ echo "run.sh: x86_64-w64-mingw32-gcc not found (apt-get install gcc-mingw-w64-x86-64-win32)" >&2; exit 2; }
	mkdir -p "$WINEPREFIX"
	"$wine" wineboot --init >/dev/null 2>&1 || true
	printf 'LIBRARY bcryptprimitives\nEXPORTS\nProcessPrng\n' >"$WINEPREFIX/bcryptprimitives.def"
	x86_64-w64-mingw32-gcc -shared -O2 -s -o "$dll" "$here/bcryptprimitives.c" "$WINEPREFIX/bcryptprimitives.def" -ladvapi32
fi
exec "$wine" "$@"
