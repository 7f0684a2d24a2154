package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// historyTree makes, once, a git repository at dst that holds a copy of the generated tree in
// two commits, for `cpcase changes`: the first (dated 16 Nov 2026) as if every tenth case's
// visits from 10 Nov on were not yet recorded, the second (20 Nov 2026) the tree as generated,
// those visits recorded. It returns the copy's folder of cases (dst/cases). The generated tree
// itself is only read.
func historyTree(tree, dst string) (string, error) {
	cases := filepath.Join(dst, "cases")
	if _, err := os.Stat(filepath.Join(dst, ".git", "cpcase-history-done")); err == nil {
		return cases, nil
	}
	if err := os.RemoveAll(dst); err != nil {
		return "", err
	}
	gitc := func(date string, args ...string) error {
		cmd := exec.Command("git", args...)
		cmd.Dir = dst
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Bench", "GIT_AUTHOR_EMAIL=bench@example.invalid",
			"GIT_COMMITTER_NAME=Bench", "GIT_COMMITTER_EMAIL=bench@example.invalid",
			"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, lastLine(stderr.String()))
		}
		return nil
	}
	if err := os.MkdirAll(cases, 0o755); err != nil {
		return "", err
	}
	if err := gitc("", "init", "-q"); err != nil {
		return "", err
	}
	// The copy, with the later visits of every tenth case left out for the first commit.
	var held []string // visits.yaml files whose later visits come with the second commit
	n := 0
	err := filepath.WalkDir(tree, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tree, path)
		out := filepath.Join(cases, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if d.Name() == "visits.yaml" {
			if n%10 == 0 {
				held = append(held, rel)
				data = withoutVisitsFrom(data, "2026-11-10")
			}
			n++
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		return "", err
	}
	if err := gitc("", "add", "-A"); err != nil {
		return "", err
	}
	if err := gitc("2026-11-16T17:00:00+00:00", "commit", "-q", "-m", "records to 9 November"); err != nil {
		return "", err
	}
	for _, rel := range held {
		data, err := os.ReadFile(filepath.Join(tree, rel))
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(cases, rel), data, 0o644); err != nil {
			return "", err
		}
	}
	if err := gitc("", "add", "-A"); err != nil {
		return "", err
	}
	if err := gitc("2026-11-20T17:00:00+00:00", "commit", "-q", "-m", "visits from 10 November recorded"); err != nil {
		return "", err
	}
	return cases, os.WriteFile(filepath.Join(dst, ".git", "cpcase-history-done"), nil, 0o644)
}

// withoutVisitsFrom is a generated visits.yaml without the visits dated on or after day (the
// generator writes one visit a line: "  - {date: 2026-11-12, ...}").
func withoutVisitsFrom(data []byte, day string) []byte {
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if d, ok := strings.CutPrefix(strings.TrimSpace(line), "- {date: "); ok && len(d) >= 10 && d[:10] >= day {
			continue
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// measureBound runs once over the tree each output whose memory issue 21 bounds besides due and
// the folder report: the Annex A list (CSV and workbook), the one-page report (HTML, Markdown),
// changes (on historyTree's copy of the tree, in dir), stats by worker and by rule, agenda and
// check, and gives each one's peak memory, CPU time and output size.
func measureBound(cpcase, tree, dir string, n int, asOf string) []memRow {
	hist, err := historyTree(tree, filepath.Join(dir, fmt.Sprintf("history-%d", n)))
	must(err)
	page := filepath.Join(dir, fmt.Sprintf("report-%d.html", n))
	book := filepath.Join(dir, fmt.Sprintf("list7-%d.xlsx", n))
	cmds := []struct {
		name, file string // file: the output, when not standard output
		argv       []string
	}{
		{"export annex-a --list 7 (CSV)", "", []string{"export", "annex-a", "--list", "7", "--as-of", asOf, tree}},
		{"export annex-a --list 7 -o FILE.xlsx", book, []string{"export", "annex-a", "--list", "7", "--as-of", asOf, "-o", book, tree}},
		{"report -o FILE (one page)", page, []string{"report", "--as-of", asOf, "-o", page, tree}},
		{"report --format markdown -o -", "", []string{"report", "--as-of", asOf, "--format", "markdown", "-o", "-", tree}},
		{"changes --since HEAD~1", "", []string{"changes", "--since", "HEAD~1", "--as-of", asOf, hist}},
		{"changes --since HEAD~1 --format json", "", []string{"changes", "--since", "HEAD~1", "--as-of", asOf, "--format", "json", hist}},
		{"stats --by worker --format csv", "", []string{"stats", "--as-of", asOf, "--from", "2026-04-01", "--to", asOf, "--by", "worker", "--format", "csv", tree}},
		{"stats --by rule --format json", "", []string{"stats", "--as-of", asOf, "--from", "2026-04-01", "--to", asOf, "--by", "rule", "--format", "json", tree}},
		{"agenda", "", []string{"agenda", "--as-of", asOf, tree}},
		{"agenda --format ics", "", []string{"agenda", "--as-of", asOf, "--format", "ics", tree}},
		{"check", "", []string{"check", tree}},
		{"check --records", "", []string{"check", "--records", "--as-of", asOf, tree}},
	}
	var out []memRow
	for _, c := range cmds {
		step(fmt.Sprintf("%d cases: %s", n, c.name))
		file := filepath.Join(dir, fmt.Sprintf("out-%d-%s.txt", n, strings.NewReplacer(" ", "", "-", "", "/", "", "(", "", ")", "", ".", "").Replace(c.name)))
		m, err := timed(append([]string{cpcase}, c.argv...), file)
		must(err)
		size := fileSize(file)
		if c.file != "" {
			size = fileSize(c.file)
		}
		out = append(out, memRow{n: n, name: c.name, m: m, size: size})
	}
	return out
}
