package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/render"

	"github.com/cpcase/cpcase/internal/testutil"
)

// exampleReport is the examples' report as of 23 Nov 2026, in HTML, or with "markdown" and
// "redact" as they say.
func exampleReport(t *testing.T, args ...string) string {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	o := &Options{IO: ios, Paths: []string{testutil.Path(t, "examples")}, AsOf: "2026-11-23", Output: "-", OutputSet: true, Format: "html", Within: "14 days"}
	for _, a := range args {
		switch a {
		case "markdown":
			o.Format = a
		case "redact":
			o.Redact = true
		}
	}
	if err := Run(o); err != nil || errOut.Len() > 0 {
		t.Fatalf("report: %v\n%s", err, errOut)
	}
	return out.String()
}

var exampleRefs = []string{"EX-BK-0001", "EX-CH7-0001", "EX-CH7-0002", "EX-S9-0001", "EX-SC-0001", "EX-W17-0001"}

// Nothing in the page reaches the network: the only URL is the SVG namespace name (an
// identifier, never fetched), and there is no script, stylesheet link, image, font or frame.
func TestReportHTMLSelfContained(t *testing.T) {
	t.Parallel()
	html := exampleReport(t)
	urls := regexp.MustCompile(`(?i)https?://[^\s"'<>)]*`).FindAllString(html, -1)
	for _, u := range urls {
		if u != "http://www.w3.org/2000/svg" {
			t.Errorf("reference to %s", u)
		}
	}
	if n := strings.Count(html, `xmlns="http://www.w3.org/2000/svg"`); n != len(exampleRefs) || len(urls) != n {
		t.Errorf("%d URLs and %d SVG namespaces, want one namespace per case (%d) and nothing else", len(urls), n, len(exampleRefs))
	}
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "<embed", "src=", "@import", "url(", "//"} {
		if bad == "//" {
			// protocol-relative references: any "//" outside the namespace and the CSS comment
			html = strings.ReplaceAll(html, "http://www.w3.org/2000/svg", "")
		}
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	if !strings.Contains(html, `content="default-src 'none'; style-src 'unsafe-inline'"`) {
		t.Error("page lacks the Content-Security-Policy that forbids any fetch")
	}
}

// caseSection is the HTML of one case's section.
func caseSection(t *testing.T, html, ref string) string {
	t.Helper()
	start := strings.Index(html, `<section class="case" id="case-`+ref+`"`)
	if start < 0 {
		t.Fatalf("no section for %s", ref)
	}
	end := strings.Index(html[start:], "</section>")
	return html[start : start+end]
}

// count counts the marks in a section whose attribute attr has each value.
func count(section, attr string) map[string]int {
	out := map[string]int{}
	for _, m := range regexp.MustCompile(attr+`="([^"]+)"`).FindAllStringSubmatch(section, -1) {
		out[m[1]]++
	}
	return out
}

// The drawing, checked by structure rather than pixels. Per case, the events drawn are those of
// the case files, counted by hand from examples/*/ (conferences, core groups, other meetings,
// visits; no-access visits, cancelled and booked meetings), and the obligations drawn are the
// dated ones of `cpcase due --all` for the same day, status by status.
func TestReportHTMLStructure(t *testing.T) {
	t.Parallel()
	html := exampleReport(t)
	// every obligation, as due --all lists them
	day := civil.MustParse("2026-11-23")
	res, err := app.Each(app.Options{Paths: []string{testutil.Path(t, "examples")}, AsOf: day, NeedPolicy: true}, func(c *app.Case) []render.Item {
		return app.Items(c, day, duration.Duration{N: 14, Unit: duration.Days}, app.ItemOptions{All: true})
	})
	if err != nil {
		t.Fatal(err)
	}
	var recs []render.Record
	for _, r := range res {
		for _, it := range r.Value {
			recs = append(recs, render.ToRecord(it))
		}
	}
	type events struct{ conf, cg, meeting, visit, noAccess, cancelled, booked int }
	hand := map[string]events{
		// 2 conferences; 7 core groups, the last (3 Dec) booked; 9 visits
		"EX-BK-0001": {conf: 2, cg: 7, visit: 9, booked: 1},
		// pre-birth and review; 5 core groups (25 Nov booked); the professionals' meeting before the birth; 6 visits
		"EX-CH7-0001": {conf: 2, cg: 5, meeting: 1, visit: 6, booked: 1},
		// one pre-birth conference; 2 core groups (15 Dec booked); a booked professionals' meeting; 2 visits
		"EX-CH7-0002": {conf: 1, cg: 2, meeting: 1, visit: 2, booked: 2},
		// initial and review; 5 core groups (15 Dec booked); 17 visits, 4 of them no access (11, 13 Aug, 16, 18 Nov)
		"EX-S9-0001": {conf: 2, cg: 5, visit: 17, noAccess: 4, booked: 1},
		// initial, review, review that ends it; 8 core groups, the 6 Oct one cancelled; the child's plan meeting; 8 visits
		"EX-SC-0001": {conf: 3, cg: 8, meeting: 1, visit: 8, cancelled: 1},
		// two initial conferences and two reviews; 8 core groups (15 Dec booked); 8 visits, one no access
		"EX-W17-0001": {conf: 4, cg: 8, visit: 8, noAccess: 1, booked: 1},
	}
	for _, ref := range exampleRefs {
		sec := caseSection(t, html, ref)
		kinds := count(sec, "data-kind")
		want := hand[ref]
		got := events{conf: kinds["conference"], cg: kinds["core-group"], meeting: kinds["meeting"], visit: kinds["visit"],
			noAccess: strings.Count(sec, `class="visit noaccess"`), cancelled: strings.Count(sec, ` cancelled"`),
			booked: len(regexp.MustCompile(`class="(conf|cg|meeting|visit)[a-z ]* booked"`).FindAllString(sec, -1))}
		if got != want {
			t.Errorf("%s events drawn %+v, want %+v", ref, got, want)
		}
		wantStatus := map[string]int{}
		for _, r := range recs {
			if r.Case == ref && r.Due != nil {
				wantStatus[r.Status]++
			}
		}
		if got := count(sec, "data-status"); !equalCounts(got, wantStatus) {
			t.Errorf("%s obligations drawn %v, JSON has %v", ref, got, wantStatus)
		}
	}
	// By hand for s9 from examples/README.md: 62 met, 5 late (core assessment, a record, Leo's
	// seen-alone, a cadence link, action a1), 5 overdue, 1 due (a3), 6 open.
	if got := count(caseSection(t, html, "EX-S9-0001"), "data-status"); !equalCounts(got, map[string]int{"met": 62, "late": 5, "overdue": 5, "due": 1, "open": 6}) {
		t.Errorf("s9 statuses %v", got)
	}
	// scotland: 9 met, 2 late, 2 missed (the cadence link from 10 Sep, action a3)
	if got := count(caseSection(t, html, "EX-SC-0001"), "data-status"); !equalCounts(got, map[string]int{"met": 9, "late": 2, "missed": 2}) {
		t.Errorf("scotland statuses %v", got)
	}
	// the overview: 8 overdue rows, and Team North (s9) first with 5
	if n := strings.Count(html[:strings.Index(html, `id="legend"`)], `<span class="badge st-overdue">`); n != 8 {
		t.Errorf("%d overdue rows in the overview, want 8", n)
	}
	if !regexp.MustCompile(`<tbody>\s*<tr><td>Team North \(example\)</td><td class="n">1</td><td class="n st-overdue">5</td>`).MatchString(html) {
		t.Error("Team North (5 overdue) is not the first row by team")
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// --redact keeps every child's and worker's name out of the report.
func TestReportRedact(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"html", "markdown"} {
		text := exampleReport(t, format, "redact")
		for _, name := range []string{"Tia", "Leo", "Remy", "Owen", "Bethan", "Ollie", "Rowan", "Eilidh", "Jaz", "Holly"} {
			if regexp.MustCompile(`\b` + name + `\b`).MatchString(text) {
				t.Errorf("%s report names %s", format, name)
			}
		}
		if !regexp.MustCompile(`T\.\\?~[0-9a-f]{4}, L\.\\?~[0-9a-f]{4}, R\.\\?~[0-9a-f]{4}|T\.\\?~[0-9a-f]{4} \(born`).MatchString(text) {
			t.Errorf("%s report lacks the s9 children's initials", format)
		}
	}
}

// consoleProblems picks out of Chromium's stderr (with --enable-logging=stderr) the lines that
// report a page's console messages or uncaught exceptions. A report has no script, so any is a
// fault (a CSP violation caused by a fetch shows up there too).
func consoleProblems(stderr string) []string {
	var out []string
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") {
			out = append(out, line)
		}
	}
	return out
}

// The detector above catches what Chromium prints for a console error and a thrown exception
// (lines copied from Chromium 156 on Debian) and not its routine noise.
func TestConsoleProblems(t *testing.T) {
	stderr := `[24001:24061:1123/115949.176643:ERROR:dbus/bus.cc:405] Failed to connect to the bus: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory
[24085:24085:1123/115949.552404:WARNING:media/gpu/vaapi/vaapi_wrapper.cc:1655] drmGetDevices2() has not found any devices
[24001:24001:1123/115950.299391:INFO:CONSOLE:1] "boom", source: file:///tmp/t.html (1)
[24001:24001:1123/115950.300326:INFO:CONSOLE:1] "Uncaught ReferenceError: undefinedFn is not defined", source: file:///tmp/t.html (1)
`
	if got := consoleProblems(stderr); len(got) != 2 || !strings.Contains(got[0], `"boom"`) || !strings.Contains(got[1], "Uncaught ReferenceError") {
		t.Errorf("consoleProblems = %q", got)
	}
}

const chromiumPath = "/usr/bin/chromium"

func chromium(t *testing.T, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
	cmd := exec.CommandContext(ctx, chromiumPath, append(base, args...)...)
	// Chromium's helper processes inherit the output pipes: after a timeout, stop waiting for
	// them soon, so that a hung browser fails the test instead of hanging it.
	cmd.WaitDelay = 10 * time.Second
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, errOut.String())
	}
	return out.String(), errOut.String()
}

// End to end: Chromium opens the examples' report, builds the page (every case section and every
// timeline mark as the file has them) and logs no console error. In CI Chromium must be there
// (.ci/run installs it); elsewhere it is skipped without it, and make test says so. -update also takes the
// screenshot kept for review as testdata/golden/report/examples.png (never compared by pixel).
func TestReportInChromium(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; in CI it is required (.ci/run installs it): %v", chromiumPath, err)
		}
		t.Skipf("%s not installed: the report is not opened in a browser (.ci/run installs Chromium)", chromiumPath)
	}
	t.Parallel()
	html := exampleReport(t)
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, stderr := chromium(t, "--dump-dom", "file://"+page)
	if bad := consoleProblems(stderr); len(bad) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(bad, "\n"))
	}
	for _, ref := range exampleRefs {
		if !strings.Contains(dom, `<section class="case" id="case-`+ref+`" data-case="`+ref+`">`) {
			t.Errorf("rendered page lacks the section of %s", ref)
		}
	}
	if want, got := strings.Count(html, `<g class="mark"`), strings.Count(dom, `<g class="mark"`); got != want || want < 200 {
		t.Errorf("%d timeline marks in the rendered page, %d in the file", got, want)
	}
	if want, got := strings.Count(html, "<svg "), strings.Count(dom, "<svg "); got != want {
		t.Errorf("%d SVG elements rendered, %d in the file", got, want)
	}
	if testutil.Update() {
		shot := filepath.Join(t.TempDir(), "shot.png")
		_, stderr := chromium(t, "--hide-scrollbars", "--window-size=1280,2600", "--screenshot="+shot, "file://"+page)
		if bad := consoleProblems(stderr); len(bad) > 0 {
			t.Errorf("console errors while taking the screenshot:\n%s", strings.Join(bad, "\n"))
		}
		png, err := os.ReadFile(shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(testutil.Path(t, "testdata/golden/report/examples.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The report is written whole or not at all: no temporary file is left beside it, and a run
// that fails leaves the last good report in place.
func TestReportFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "r.html")
	ios, _, out, _ := iostreams.Test()
	o := &Options{IO: ios, Paths: []string{testutil.Path(t, "examples")}, AsOf: "2026-11-23", Output: path, OutputSet: true, Format: "html", Within: "14 days"}
	if err := Run(o); err != nil {
		t.Fatal(err)
	}
	if want := "Wrote " + path + ": 6 cases, 8 overdue, 8 due soon.\n"; out.String() != want {
		t.Errorf("printed %q, want %q", out, want)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("the folder holds %v, want the report alone", ents)
	}
	before, _ := os.ReadFile(path)
	o.Paths = []string{filepath.Join(dir, "nowhere")}
	if err := Run(o); err == nil {
		t.Fatal("a run on no cases wrote a report")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a failed run changed the report")
	}
}

// A one-page HTML report of more than LargePage cases says on standard error that the folder of
// pages is the one to open; the page itself is the same. Markdown and the folder say nothing.
func TestReportLargePageNote(t *testing.T) {
	defer func(n int) { largePage = n }(largePage)
	largePage = len(exampleRefs) - 1
	dir := t.TempDir()
	for _, c := range []struct {
		format, output string
		note           bool
	}{{"html", "-", true}, {"html", filepath.Join(dir, "r.html"), true}, {"markdown", "-", false}, {"html", dir + "/site/", false}} {
		ios, _, _, errOut := iostreams.Test()
		o := &Options{IO: ios, Paths: []string{testutil.Path(t, "examples")}, AsOf: "2026-11-23", Output: c.output, OutputSet: true, Format: c.format, Within: "14 days"}
		if err := Run(o); err != nil {
			t.Fatalf("%s -o %s: %v", c.format, c.output, err)
		}
		want := ""
		if c.note {
			want = "note: a page of 6 cases is slow to open in a browser; for a caseload this size write a folder of pages (a front page, a page per team and per case: docs/report.md): cpcase report -o DIR/\n"
		}
		if errOut.String() != want {
			t.Errorf("%s -o %s: standard error %q, want %q", c.format, c.output, errOut, want)
		}
	}
	largePage = len(exampleRefs)
	ios, _, _, errOut := iostreams.Test()
	if err := Run(&Options{IO: ios, Paths: []string{testutil.Path(t, "examples")}, AsOf: "2026-11-23", Output: "-", OutputSet: true, Format: "html", Within: "14 days"}); err != nil || errOut.Len() > 0 {
		t.Errorf("at the threshold: %v, %q", err, errOut)
	}
}
