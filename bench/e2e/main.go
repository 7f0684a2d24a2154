// Command e2e measures `cpcase due` end to end over generated case trees, beside the floor: the
// time to find, read and yaml.v3-decode the same files on all cores and do nothing else
// (bench/floor). For each tree size it builds both programs, generates the tree if it is missing
// (testdata/gen, seeded), warms the page cache, then runs the floor, `cpcase due` and `cpcase
// due --cache` (on a cache filled by one earlier run) in turns, and prints the median wall time,
// CPU time (user+sys of the child) and peak memory (its max RSS) of each, with the ratio to the
// floor and whether the targets of issue 9 hold. Then, once per size, every output's peak memory
// (due --all in each format, stats, report -o DIR/), and the report of a 1,500-case tree opened
// in headless Chromium: its pages' sizes and time to first render (issue 21). Run it from the
// repository root:
//
//	go run ./bench/e2e -sizes 1000,50000 -runs 3
package main

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

type measure struct {
	wall, cpu time.Duration
	rss       int64 // bytes
}

type row struct {
	name string
	runs []measure
	note string
}

func main() {
	sizes := flag.String("sizes", "1000,50000", "tree sizes (cases), comma-separated")
	runs := flag.Int("runs", 3, "timed runs of each command per size; the median is reported")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "cpcase-bench"), "where the trees, binaries, cache and outputs live")
	asOf := flag.String("as-of", "2026-11-23", "the --as-of date for cpcase due (the generator's default)")
	all := flag.Bool("all", false, "also measure cpcase due --all (every obligation; much more output) in the timed rounds")
	outputs := flag.Bool("outputs", true, "measure the peak memory of every output once per size: due --all in each format and with --explain, stats, agenda, check, export, report, changes")
	reportN := flag.Int("report", 1500, "cases in the tree whose report is opened in Chromium (0: leave it out)")
	chromium := flag.String("chromium", "/usr/bin/chromium", "the browser the report is measured in")
	only := flag.String("only", "", "measure only the outputs whose names hold this text (\"changes\", \"agenda\"), and none of the timed rounds, the cache or the report in Chromium")
	flag.Parse()
	measuring = *only
	if _, err := os.Stat("go.mod"); err != nil {
		fail("run from the repository root (go run ./bench/e2e)")
	}
	if err := os.MkdirAll(filepath.Join(*dir, "bin"), 0o755); err != nil {
		fail(err.Error())
	}
	cpcase, floor := filepath.Join(*dir, "bin", "cpcase"), filepath.Join(*dir, "bin", "floor")
	warmFloor := filepath.Join(*dir, "bin", "warmfloor")
	step("building cpcase and the floor")
	must(run("go", "build", "-o", cpcase, "./cmd/cpcase"))
	must(run("go", "build", "-o", floor, "./bench/floor"))
	must(run("go", "build", "-o", warmFloor, "./bench/warmfloor"))

	load0 := loadavg()
	type result struct {
		n    int
		rows []row
		warm warmFloorRun // the system calls of a warm run that reads every case's names (bench/warmfloor)
	}
	var results []result
	var mems []memRow
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fail("-sizes: " + s + " is not a number of cases")
		}
		tree := generate(*dir, n, *asOf)
		if *only != "" {
			mems = append(mems, measureOutputs(cpcase, tree, *dir, n, *asOf)...)
			mems = append(mems, measureChanges(cpcase, tree, *dir, n, *asOf)...)
			continue
		}
		cacheDir := filepath.Join(*dir, fmt.Sprintf("cache-%d", n))
		must(os.RemoveAll(cacheDir))
		out := func(name string) string { return filepath.Join(*dir, fmt.Sprintf("out-%d-%s.txt", n, name)) }
		due := []string{"due", "--as-of", *asOf, tree}
		cmds := []struct {
			name string
			argv []string
		}{
			{"floor", []string{floor, tree}},
			{"cpcase due", append([]string{cpcase}, due...)},
			{"cpcase due --cache", append([]string{cpcase}, append(due, "--cache", cacheDir)...)},
		}
		if *all {
			cmds = append(cmds, struct {
				name string
				argv []string
			}{"cpcase due --all", append([]string{cpcase}, append(due, "--all")...)})
		}

		step(fmt.Sprintf("%d cases: warming the page cache, filling the --cache", n))
		_, err = timed(cmds[0].argv, os.DevNull)
		must(err)
		fill, err := timed(cmds[2].argv, out("fill"))
		must(err)

		rows := make([]row, len(cmds))
		for i, c := range cmds {
			rows[i].name = c.name
		}
		for r := 1; r <= *runs; r++ {
			for i, c := range cmds {
				step(fmt.Sprintf("%d cases, run %d of %d: %s", n, r, *runs, c.name))
				m, err := timed(c.argv, out(strconv.Itoa(i)))
				must(err)
				rows[i].runs = append(rows[i].runs, m)
			}
		}
		// The cache must not change the output.
		if a, b := digest(out("1")), digest(out("2")); a != b {
			rows[2].note = "OUTPUT DIFFERS from cpcase due"
		} else {
			rows[2].note = "same output as cpcase due"
		}
		rows = append(rows, row{name: "cpcase due --cache (filling it)", runs: []measure{fill}, note: "first run: reads the files, writes the cache"})
		step(fmt.Sprintf("%d cases: the warm floor", n))
		results = append(results, result{n, rows, measureWarmFloor(warmFloor, tree, *runs)})
		if *outputs {
			mems = append(mems, measureOutputs(cpcase, tree, *dir, n, *asOf)...)
			mems = append(mems, measureChanges(cpcase, tree, *dir, n, *asOf)...)
		}
	}
	var rep *reportFigures
	if *reportN > 0 && *only == "" {
		rep = measureReport(cpcase, *chromium, *dir, *reportN, *asOf)
	}
	load1 := loadavg()

	var verdicts []string
	if len(results) > 0 {
		fmt.Printf("\ncpcase due against the floor: find, read and yaml.v3-decode the same files into `any`, on all cores, nothing else\n")
		fmt.Printf("%s/%s, %d CPUs (GOMAXPROCS %d); load average %s before, %s after; median of %d runs [range]\n",
			runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), load0, load1, *runs)
		fmt.Printf("wall: elapsed time; cpu: user+sys of the process; peak: its max RSS (and that of any git it runs); output to a file\n\n")
		w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "cases\tcommand\twall\t\tx floor\tcpu\t\tx floor\tpeak\t\t")
		for _, res := range results {
			fl := median(res.rows[0].runs)
			for _, r := range res.rows {
				m := median(r.runs)
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%.2f\t%s\t%s\t%.2f\t%.0f MiB\t%s\t\n", res.n, r.name,
					secs(m.wall), spread(r.runs, func(m measure) time.Duration { return m.wall }), ratio(m.wall, fl.wall),
					secs(m.cpu), spread(r.runs, func(m measure) time.Duration { return m.cpu }), ratio(m.cpu, fl.cpu),
					float64(m.rss)/(1<<20), r.note)
			}
			due, cached := median(res.rows[1].runs), median(res.rows[2].runs)
			floorNote := fmt.Sprintf("the warm floor alone took %s", secs(res.warm.wall))
			verdicts = append(verdicts,
				verdict(fmt.Sprintf("%d cases: cpcase due within 1.3x of the floor's wall time", res.n), ratio(due.wall, fl.wall) <= 1.3, fmt.Sprintf("%.2fx", ratio(due.wall, fl.wall))),
				verdict(fmt.Sprintf("%d cases: cpcase due --cache (second run) faster than the floor", res.n), cached.wall < fl.wall, fmt.Sprintf("%.2fx", ratio(cached.wall, fl.wall))))
			if res.n >= 50000 {
				verdicts = append(verdicts, verdict(fmt.Sprintf("%d cases: cpcase due peak memory below 200 MiB", res.n), due.rss < 200<<20, fmt.Sprintf("%.0f MiB", float64(due.rss)/(1<<20))),
					verdict(fmt.Sprintf("%d cases: cpcase due --cache (second run) under 2 s", res.n), cached.wall < 2*time.Second, secs(cached.wall)+"; "+floorNote))
			}
			fmt.Fprintln(w, "\t\t\t\t\t\t\t\t\t\t")
		}
		w.Flush()
		fmt.Printf("\nthe warm floor (bench/warmfloor): the system calls of a warm run that reads every case's names back, on all cores, and nothing else:\n")
		fmt.Printf("each case folder and its meetings.yaml and visits.yaml looked at, its plan.yaml and members.yaml opened, looked at, read, closed\n")
		fmt.Printf("(cpcase reads plan.yaml only where a row needs it, and opens what it reads as it checks it: fewer calls than this)\n\n")
		for _, res := range results {
			fmt.Printf("  %d cases: %d system calls, %s %s; cpcase due --cache (second run) took %.1fx that\n", res.n, res.warm.calls,
				secs(res.warm.wall), res.warm.spread, ratio(median(res.rows[2].runs).wall, res.warm.wall))
		}
	}
	if len(mems) > 0 {
		fmt.Printf("\nevery output, one run each: peak memory (max RSS, of cpcase or any git it runs); output to a file\n\n")
		w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "cases\tcommand\twall\tcpu\tpeak\toutput\t")
		for _, m := range mems {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%.0f MiB\t%.1f MB\t\n", m.n, m.name, secs(m.m.wall), secs(m.m.cpu), float64(m.m.rss)/(1<<20), float64(m.size)/1e6)
			if m.n >= 50000 {
				verdicts = append(verdicts, verdict(fmt.Sprintf("%d cases: %s peak memory below 200 MiB", m.n, m.name), m.m.rss < 200<<20, fmt.Sprintf("%.0f MiB", float64(m.m.rss)/(1<<20))))
			}
		}
		w.Flush()
	}
	if rep != nil {
		rep.print()
		verdicts = append(verdicts, rep.verdicts()...)
	}
	fmt.Println("targets:")
	for _, v := range verdicts {
		fmt.Println("  " + v)
	}
}

// generate makes the seeded tree of n cases in dir once, and gives its path.
func generate(dir string, n int, asOf string) string {
	tree := filepath.Join(dir, fmt.Sprintf("cases-%d", n))
	if _, err := os.Stat(tree); err != nil {
		step(fmt.Sprintf("generating %d cases in %s (once; reused after)", n, tree))
		tmp := tree + ".partial"
		os.RemoveAll(tmp)
		must(run("go", "run", "./testdata/gen", "-n", strconv.Itoa(n), "-o", tmp, "-seed", "1", "-asof", asOf))
		must(os.Rename(tmp, tree))
	}
	return tree
}

// memRow is one output's single run.
type memRow struct {
	n    int
	name string
	m    measure
	size int64 // bytes written
}

// measureOutputs runs each output once over the tree: the audit listing in every format (the
// obligations sorted in bounded memory), the figures, and the report as a folder of pages.
func measureOutputs(cpcase, tree, dir string, n int, asOf string) []memRow {
	site := filepath.Join(dir, fmt.Sprintf("report-%d", n))
	must(os.RemoveAll(site))
	cmds := []struct {
		name string
		argv []string
	}{
		{"due --all (table)", []string{"due", "--as-of", asOf, "--all", tree}},
		{"due --all --format json", []string{"due", "--as-of", asOf, "--all", "--format", "json", tree}},
		{"due --all --format csv", []string{"due", "--as-of", asOf, "--all", "--format", "csv", tree}},
		{"due --all --format ics", []string{"due", "--as-of", asOf, "--all", "--format", "ics", tree}},
		{"due --all --explain --format json", []string{"due", "--as-of", asOf, "--all", "--explain", "--format", "json", tree}},
		{"due --all --explain (table)", []string{"due", "--as-of", asOf, "--all", "--explain", tree}},
		{"stats --by team", []string{"stats", "--as-of", asOf, "--from", "2026-04-01", "--to", asOf, "--by", "team", tree}},
		{"stats --by worker --format csv", []string{"stats", "--as-of", asOf, "--from", "2026-04-01", "--to", asOf, "--by", "worker", "--format", "csv", tree}},
		{"agenda --days 42", []string{"agenda", "--as-of", asOf, "--days", "42", tree}},
		{"agenda --format ics", []string{"agenda", "--as-of", asOf, "--format", "ics", tree}},
		{"check --records", []string{"check", "--records", tree}},
		{"export annex-a --list 7 (csv)", []string{"export", "annex-a", "--list", "7", "--as-of", asOf, tree}},
		{"export annex-a --list 7 --format xlsx", []string{"export", "annex-a", "--list", "7", "--as-of", asOf, "--format", "xlsx", tree}},
		{"report -o DIR/", []string{"report", "--as-of", asOf, "-o", site + "/", tree}},
		{"report -o FILE (one page)", []string{"report", "--as-of", asOf, "-o", site + ".html", tree}},
	}
	cmds = append(cmds, tableCommands(asOf, tree)...)
	var out []memRow
	for _, c := range cmds {
		if !measured(c.name) {
			continue
		}
		step(fmt.Sprintf("%d cases: %s", n, c.name))
		file := filepath.Join(dir, fmt.Sprintf("out-%d-%s.txt", n, strings.NewReplacer(" ", "", "-", "", "/", "").Replace(c.name)))
		m, err := timed(append([]string{cpcase}, c.argv...), file)
		must(err)
		size := fileSize(file)
		switch {
		case strings.HasPrefix(c.name, "report -o DIR"):
			size = treeSize(site)
		case strings.HasPrefix(c.name, "report -o FILE"):
			size = fileSize(site + ".html")
			os.Remove(site + ".html")
		}
		out = append(out, memRow{n: n, name: c.name, m: m, size: size})
	}
	return out
}

// measuring is -only: the text the names of the outputs measured hold ("" for every output).
var measuring string

func measured(name string) bool { return strings.Contains(name, measuring) }

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

func treeSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// reportFigures are the sizes of the report of one tree and how long Chromium takes to show it.
type reportFigures struct {
	n                           int
	single, index, team, casePg int64 // bytes: the one-page report, the front page, the largest team and case pages
	pages                       int
	singleMs, indexMs, teamMs   time.Duration
	rendered                    bool  // a browser took the render times (else they are not measured)
	rss                         int64 // report -o DIR/ peak memory
}

// measureReport writes the report of an n-case tree both ways and opens each page in headless
// Chromium, taking a screenshot: the time to first render is the wall time of that, less the
// time for a blank page (the browser's own start), the least of three runs each.
func measureReport(cpcase, browser, dir string, n int, asOf string) *reportFigures {
	tree := generate(dir, n, asOf)
	site := filepath.Join(dir, fmt.Sprintf("report-%d", n))
	single := filepath.Join(dir, fmt.Sprintf("report-%d.html", n))
	must(os.RemoveAll(site))
	step(fmt.Sprintf("%d cases: the report, one page and a folder of pages", n))
	m, err := timed([]string{cpcase, "report", "--as-of", asOf, "-o", site + "/", tree}, os.DevNull)
	must(err)
	_, err = timed([]string{cpcase, "report", "--as-of", asOf, "-o", single, tree}, os.DevNull)
	must(err)
	f := &reportFigures{n: n, rss: m.rss, single: fileSize(single), index: fileSize(filepath.Join(site, "index.html"))}
	var team string
	ents, _ := os.ReadDir(site)
	for _, e := range ents {
		p := filepath.Join(site, e.Name())
		f.pages++
		switch size := fileSize(p); {
		case strings.HasPrefix(e.Name(), "team-") && size > f.team:
			f.team, team = size, p
		case strings.HasPrefix(e.Name(), "case-") && size > f.casePg:
			f.casePg = size
		}
	}
	if _, err := os.Stat(browser); err != nil {
		step(browser + " not found: the report's render times are left out")
		return f
	}
	blank := render(browser, "about:blank")
	f.indexMs = max(0, render(browser, "file://"+filepath.Join(site, "index.html"))-blank)
	f.teamMs = max(0, render(browser, "file://"+team)-blank)
	f.singleMs = max(0, render(browser, "file://"+single)-blank)
	f.rendered = true
	return f
}

// render is the quickest of three headless Chromium screenshots of url, each in a fresh profile:
// on a shared machine the least of a few runs is the one least held up by other work.
func render(browser, url string) time.Duration {
	var ms []measure
	for i := 0; i < 3; i++ {
		profile, err := os.MkdirTemp("", "cpcase-chromium-")
		must(err)
		shot := filepath.Join(profile, "shot.png")
		step("chromium " + url)
		start := time.Now()
		cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+profile,
			"--window-size=1280,900", "--screenshot="+shot, url)
		must(cmd.Run())
		ms = append(ms, measure{wall: time.Since(start)})
		os.RemoveAll(profile)
	}
	least := ms[0].wall
	for _, m := range ms {
		least = min(least, m.wall)
	}
	return least
}

func (f *reportFigures) print() {
	fmt.Printf("\nthe report of %d cases in headless Chromium (time to first render: a screenshot's wall time less a blank page's, the least of 3 each)\n\n", f.n)
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "page\tsize\tfirst render\t")
	fmt.Fprintf(w, "one page (report -o FILE)\t%.1f MB\t%s\t\n", float64(f.single)/1e6, f.renderText(f.singleMs))
	fmt.Fprintf(w, "front page (report -o DIR/)\t%.0f KB\t%s\t\n", float64(f.index)/1e3, f.renderText(f.indexMs))
	fmt.Fprintf(w, "largest team page\t%.0f KB\t%s\t\n", float64(f.team)/1e3, f.renderText(f.teamMs))
	fmt.Fprintf(w, "largest case page\t%.0f KB\t\t\n", float64(f.casePg)/1e3)
	fmt.Fprintf(w, "pages written\t%d\t\t\n", f.pages)
	w.Flush()
}

// renderText is a render time as printed: "not measured" without a browser, never a zero.
func (f *reportFigures) renderText(d time.Duration) string {
	if !f.rendered {
		return "not measured"
	}
	return secs(d)
}

func (f *reportFigures) verdicts() []string {
	first := fmt.Sprintf("%d-case report: front page first render under 1 s", f.n)
	renderVerdict := "NOT MEASURED  " + first + " (no Chromium: install it, or give -chromium PATH)"
	if f.rendered {
		renderVerdict = verdict(first, f.indexMs < time.Second, secs(f.indexMs))
	}
	return []string{
		verdict(fmt.Sprintf("%d-case report: front page under 1 MB", f.n), f.index < 1e6, fmt.Sprintf("%.0f KB", float64(f.index)/1e3)),
		renderVerdict,
		verdict(fmt.Sprintf("%d-case report: every page under 1 MB", f.n), f.team < 1e6 && f.casePg < 1e6, fmt.Sprintf("largest %.0f KB", float64(max(f.team, f.casePg))/1e3)),
	}
}

// timed runs argv with its standard output in the file out and measures it. Exit status 1
// (findings) is a normal end for cpcase.
func timed(argv []string, out string) (measure, error) {
	f, err := os.Create(out)
	if err != nil {
		return measure{}, err
	}
	defer f.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = f, &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return measure{}, err
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 && code != 1 {
		return measure{}, fmt.Errorf("%s: exit %d: %s", strings.Join(argv, " "), code, lastLine(stderr.String()))
	}
	m := measure{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rss = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	return m, nil
}

func median(ms []measure) measure {
	pick := func(get func(measure) int64) int64 {
		v := make([]int64, len(ms))
		for i, m := range ms {
			v[i] = get(m)
		}
		sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
		return v[len(v)/2]
	}
	return measure{
		wall: time.Duration(pick(func(m measure) int64 { return int64(m.wall) })),
		cpu:  time.Duration(pick(func(m measure) int64 { return int64(m.cpu) })),
		rss:  pick(func(m measure) int64 { return m.rss }),
	}
}

func spread(ms []measure, get func(measure) time.Duration) string {
	if len(ms) < 2 {
		return ""
	}
	lo, hi := get(ms[0]), get(ms[0])
	for _, m := range ms[1:] {
		lo, hi = min(lo, get(m)), max(hi, get(m))
	}
	return "[" + strings.TrimSuffix(secs(lo), " s") + "-" + secs(hi) + "]"
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func verdict(what string, ok bool, got string) string {
	if ok {
		return "met     " + what + " (" + got + ")"
	}
	line := "MISSED  " + what + " (" + got + ")"
	for part, why := range whyMissed {
		if strings.Contains(what, part) {
			line += "\n          why: " + why
		}
	}
	return line
}

// warmFloorRun is bench/warmfloor's median time over the runs (the time it reports, without
// finding the folders), its range, and the system calls it made.
type warmFloorRun struct {
	wall   time.Duration
	spread string
	calls  int64
}

func measureWarmFloor(bin, tree string, runs int) warmFloorRun {
	var ms []measure
	var calls int64
	for range runs {
		out, err := exec.Command(bin, tree).Output()
		must(err)
		var cases int
		var s float64
		if _, err := fmt.Sscanf(string(out), "%d cases, %d system calls, %f s", &cases, &calls, &s); err != nil {
			fail("bench/warmfloor printed " + strings.TrimSpace(string(out)))
		}
		ms = append(ms, measure{wall: time.Duration(s * float64(time.Second))})
	}
	return warmFloorRun{wall: median(ms).wall, spread: spread(ms, func(m measure) time.Duration { return m.wall }), calls: calls}
}

// whyMissed says, for the targets known to be missed, why (docs/performance.md has the profile),
// so that the bench states by how much and why rather than a bare MISSED.
var whyMissed = map[string]string{
	"--cache (second": "a warm run is 3.2 to 5 s of CPU at 50,000 cases on two cores (more as others share them), so it needs the machine to itself: its file system calls (10.4 a case, below the warm floor's 11) are a quarter of that CPU, the rest cpcase's own work a case (the pack's record checked, the summary and shown obligations decoded, the names read back, the rows described, packed, sorted and printed); paired runs on 2 Dec, night: 1.73 s when the machine was quiet, 2.19 s when it was slow; compare its ratio to the floor; docs/performance.md",
}

func digest(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return string(h.Sum(nil))
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(b))[0]
}

func run(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func step(s string) { fmt.Fprintln(os.Stderr, "e2e:", s) }

func must(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "e2e:", msg)
	os.Exit(2)
}
