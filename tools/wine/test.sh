#!/bin/sh
# test.sh [PACKAGE...]: run packages' tests as Windows amd64 programs under wine (run.sh), each in
# its own folder as go test would. Default: the packages with Windows-specific code, the loader
# and the end-to-end scripts. Go 1.26's os.RemoveAll needs a Windows 10 call that wine 8.0 lacks,
# so every t.TempDir fails its clean-up there ("TempDir RemoveAll cleanup: ... Invalid
# function"): a failed test that printed nothing but that is counted as passed, and said so. One
# that printed anything else (t.Logf lines too: the output does not tell them from errors) is
# counted as failed and listed; read it in the log.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
[ $# -gt 0 ] || set -- ./internal/atomicfile ./internal/edit ./internal/iostreams ./internal/build \
	./internal/load/... ./internal/output/render ./internal/cmd/root
out="$root/bin/wine-tests"
mkdir -p "$out"
status=0
for pkg in $(go list "$@"); do
	dir=$(go list -f '{{.Dir}}' "$pkg")
	exe="$out/$(echo "$pkg" | tr / _).test.exe"
	GOOS=windows GOARCH=amd64 go test -c -o "$exe" "$pkg"
	[ -f "$exe" ] || { echo "--  $pkg (no tests)"; continue; }
	log="$exe.log"
	(cd "$dir" && "$here/run.sh" "$exe" -test.v >"$log" 2>&1) || true
	verdict=$(awk '
		/^=== (RUN|CONT) / { cur = $3 }
		/^ +testing\.go:[0-9]+: TempDir RemoveAll cleanup: / { wine++; next }
		/^ +[^ ]+\.go:[0-9]+: / { said[cur] = 1 }
		/^panic: |^fatal error: / { real++ }
		/^ *--- FAIL: / { if (said[$3]) { real++; print "    " $0 > "/dev/stderr" } }
		/^ok|^PASS$/ { passed = 1 }
		END {
			if (real) print "FAIL"; else if (wine) print "ok (" wine " clean-ups failed: wine)"; else if (passed) print "ok"; else print "FAIL"
		}' "$log")
	echo "$verdict  $pkg"
	case $verdict in ok*) ;; *) status=1; echo "    log: $log" ;; esac
done
exit $status
