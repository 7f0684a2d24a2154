package history

import (
	"bufio"
	"bytes"
	"errors"
	"strconv"
)

// uncommitted is the hash git blame gives lines not yet committed.
const uncommitted = "0000000000000000000000000000000000000000"

// blame is, for each line of a file in the work tree (1-based), the commit that last changed it
// and the line's indentation: all that Record reads of it. It is kept for the whole run (a file
// is blamed once however many records in it moved), so it holds no text: a national tree's
// changes blame thousands of files.
type blame struct {
	commit []uint16 // each line's commit, as an index into hashes
	indent []int32  // each line's leading spaces; -1 for a blank or comment line
	hashes []string // the distinct commits, in the order first met
}

// skipLine is the indent of a line a YAML record's extent looks past (blank or a comment).
const skipLine = -1

// lines is the number of lines plus one (line 0 is a placeholder).
func (b *blame) lines() int { return len(b.indent) }

// hash is the commit that last changed line i.
func (b *blame) hash(i int) string { return b.hashes[b.commit[i]] }

// blameFile runs git blame on the work tree's copy of file.
func (r *Repo) blameFile(file string) (*blame, error) {
	out, err := git(r.Root, "blame", "--porcelain", "--", file)
	if err != nil {
		return nil, err
	}
	return parseBlame(out)
}

// parseBlame reads git blame's porcelain output.
func parseBlame(out []byte) (*blame, error) {
	b := &blame{commit: []uint16{0}, indent: []int32{skipLine}, hashes: []string{""}}
	index := map[string]uint16{"": 0}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var cur uint16
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) > 0 && line[0] == '\t' {
			text := line[1:]
			trimmed := bytes.TrimLeft(text, " ")
			indent := int32(len(text) - len(trimmed))
			if len(trimmed) == 0 || trimmed[0] == '#' {
				indent = skipLine
			}
			b.commit = append(b.commit, cur)
			b.indent = append(b.indent, indent)
			continue
		}
		if f := bytes.Fields(line); len(f) >= 3 && len(f[0]) == 40 && isHex(string(f[0])) {
			if _, err := strconv.Atoi(string(f[2])); err == nil {
				h := string(f[0])
				i, ok := index[h]
				if !ok {
					if len(b.hashes) > 0xffff {
						return nil, errManyCommits
					}
					i = uint16(len(b.hashes))
					index[h] = i
					b.hashes = append(b.hashes, h)
				}
				cur = i
			}
		}
	}
	return b, sc.Err()
}

// errManyCommits: a file whose lines come from more commits than a blame can number is treated
// as one git cannot blame (every commit of the file counts).
var errManyCommits = errors.New("more than 65,535 commits in one file's blame")

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
	if line < 1 || line >= b.lines() {
		return 0, -1
	}
	end := line
	for i := line + 1; i < b.lines(); i++ {
		n := b.indent[i]
		if n == skipLine {
			continue
		}
		if int(n) < col-1 {
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
		h := b.hash(i)
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
