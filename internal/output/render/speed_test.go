package render

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
)

// TestDateTextIsFormat holds DateText, which writes the date itself, to time.Format over every
// day of several years, and the years it leaves to time.Format.
func TestDateTextIsFormat(t *testing.T) {
	start, err := civil.Parse("1999-12-25")
	if err != nil {
		t.Fatal(err)
	}
	for d := start; d < start+40*366; d++ {
		if got, want := DateText(d), d.Time().Format("Mon 2 Jan 2006"); got != want {
			t.Fatalf("DateText(%s) = %q, want %q", d, got, want)
		}
	}
	if got := DateText(civil.Date(0)); got != "" {
		t.Errorf("DateText(0) = %q, want nothing", got)
	}
}

// JSONRecords marshals in batches on every core: the bytes are a json.Encoder's indenting by two
// spaces, for none, one, a batch exactly and batches with a part one left over.
func TestJSONRecordsBatchesAreEncoders(t *testing.T) {
	type rec struct {
		N    int    `json:"n"`
		Text string `json:"text,omitempty"`
	}
	for _, n := range []int{0, 1, 255, 256, 257, 1000} {
		recs := make([]rec, n)
		for i := range recs {
			recs[i] = rec{N: i, Text: strings.Repeat("<&>", i%3)}
		}
		var got, want bytes.Buffer
		if err := JSONRecords(&got, slices.Values(recs)); err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(recs); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			want.Reset()
			want.WriteString("[]\n")
		}
		if got.String() != want.String() {
			t.Errorf("%d records: got\n%s\nwant\n%s", n, got.String(), want.String())
		}
	}
}

// appendRecord writes a record field by field: the bytes of json.MarshalIndent with the prefix
// and indent JSONRecords uses, for nulls and values, strings to escape (HTML, quotes, control
// characters, U+2028, bad UTF-8, non-ASCII) and a record with a limit.
func TestAppendRecordIsMarshalIndent(t *testing.T) {
	day, n, yes, no := "2026-11-23", 3, true, false
	limit := json.RawMessage(`{"due": "2026-12-01",  "days": 4}`)
	texts := []string{"", "plain text", `quote " and \ back`, "<b>&amp;</b>", "tab\there\nline\r\x01\x7f", "\u2028\u2029", "bad \xff utf-8", "Zoë Ångström 日本", "ends in space "}
	var recs []Record
	for i, s := range texts {
		r := Record{Case: s, Policy: "p", Rule: "r." + s, Title: s, Child: s, Status: "due", Cite: s, Anchor: "a/plan.yaml:3", Team: s, Worker: s, Detail: s, Period: i - 2, BookedLate: i%2 == 0}
		if i%2 == 1 {
			r.Due, r.Met, r.Days, r.Booked, r.WorkingDays = &day, &s, &n, &day, &n
		}
		switch i % 3 {
		case 1:
			r.OverLimit = &yes
		case 2:
			r.OverLimit, r.Limit = &no, &limit
		}
		recs = append(recs, r)
	}
	for _, r := range recs {
		want, err := json.MarshalIndent(r, "  ", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendRecord([]byte("x"), &r)
		if err != nil || string(got) != "x"+string(want) {
			t.Errorf("appendRecord(%q) =\n%s\nwant\n%s", r.Case, got, want)
		}
	}
}
