package history

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
)

// uncommitted is the hash git blame gives lines not yet committed.
const uncommitted = "0000000000000000000000000000000000000000"

// blame is, for each line of a file in the work tree (1-based), the commit that last changed
// it, and the line's text.
type blame struct {
	hash []string
	text []string
}

// blameFile runs git blame on the work tree's copy of file.
func (r *Repo) blameFile(file string) (*blame, error) {
	out, err := git(r.Root, "blame", "--porcelain", "--", file)
	if err != nil {
		return nil, err
	}
	b := &blame{hash: []string{""}, text: []string{""}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var cur string
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "\t") {
			b.hash = append(b.hash, cur)
			b.text = append(b.text, line[1:])
			continue
		}
		if f := strings.Fields(line); len(f) >= 3 && len(f[0]) == 40 && isHex(f[0]) {
			if _, err := strconv.Atoi(f[2]); err == nil {
				cur = f[0]
			}
		}
	}
	return b, sc.Err()
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// span is the lines of the YAML record that starts at line, col: that line and those after it
// indented to col or beyond (blank and comment lines included), as far as the next line
// indented less.
func (b *blame) span(line, col int) (int, int) {
	if line < 1 || line >= len(b.text) {
		return 0, -1
	}
	end := line
	for i := line + 1; i < len(b.text); i++ {
		t := b.text[i]
		trimmed := strings.TrimLeft(t, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if len(t)-len(trimmed) < col-1 {
			break
		}
		end = i
	}
	return line, end
}

// Record is the commits since the log's start that changed the record beginning at line and col
// of file in the work tree (its first line and the lines indented under it), newest first, and
// whether one of its lines is not yet committed. When git cannot blame the file (it is new and
// not yet added), every commit of the file counts.
func (l *Log) Record(file string, line, col int) ([]Commit, bool) {
	b := l.blameOf(file)
	if b == nil {
		return l.For(file), l.Dirty(file)
	}
	since := map[string]Commit{}
	for _, c := range l.Commits[file] {
		since[c.Hash] = c
	}
	from, to := b.span(line, col)
	seen := map[string]bool{}
	var out []Commit
	dirty := false
	for i := from; i <= to; i++ {
		h := b.hash[i]
		if h == uncommitted {
			dirty = true
			continue
		}
		if c, ok := since[h]; ok && !seen[h] {
			seen[h] = true
			out = append(out, c)
		}
	}
	sortNewest(out)
	return out, dirty
}

func (l *Log) blameOf(file string) *blame {
	if l.repo == nil || (len(l.Commits[file]) == 0 && !l.Uncommitted[file]) {
		return &blame{} // unchanged since then: no line to attribute
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.blames[file]; ok {
		return b
	}
	b, err := l.repo.blameFile(file)
	if err != nil {
		b = nil
	}
	l.blames[file] = b
	return b
}
