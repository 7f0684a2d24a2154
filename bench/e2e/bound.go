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

// measureChanges runs `cpcase changes` once in each format on historyTree's copy of the tree
// (made once, under dir) and gives each run's peak memory, CPU time and output size: what
// moved between the two commits, then as of 16 Nov 2026 and now as of asOf. The outputs
// measureOutputs runs are not run again here. At 50,000 cases only the table is run.
func measureChanges(cpcase, tree, dir string, n int, asOf string) []memRow {
	if !measured("changes --since HEAD~1") {
		return nil
	}
	hist, err := historyTree(tree, filepath.Join(dir, fmt.Sprintf("history-%d", n)))
	must(err)
	var out []memRow
	formats := []string{"table", "json", "csv"}
	if n >= 50000 {
		formats = formats[:1] // each is minutes there; JSON and CSV hold the same movements
	}
	for _, format := range formats {
		name := "changes --since HEAD~1 --format " + format
		if !measured(name) {
			continue
		}
		step(fmt.Sprintf("%d cases: %s", n, name))
		file := filepath.Join(dir, fmt.Sprintf("out-%d-changes-%s.txt", n, format))
		m, err := timed([]string{cpcase, "changes", "--since", "HEAD~1", "--as-of", asOf, "--format", format, hist}, file)
		must(err)
		out = append(out, memRow{n: n, name: name, m: m, size: fileSize(file)})
	}
	return out
}
