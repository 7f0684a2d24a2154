package ssd

import (
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/diag"
)

// FuzzReadTable: whatever a table's CSV holds, reading it and its values never panics, every
// refusal names the table's file and a line in it, and what is read is well formed (ids valid,
// dates real).
func FuzzReadTable(f *testing.F) {
	for _, name := range []string{"ssd_person", "ssd_cp_plans", "ssd_cp_visits", "ssd_cp_reviews", "ssd_involvements", "ssd_legal_status"} {
		f.Add(name, oneFamily[name])
	}
	f.Add("ssd_cp_visits", "cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date\n\"V1\",P1,\"2026-06-03 \n")
	f.Add("ssd_person", "\xef\xbb\xbfPERS_PERSON_ID\r\nP1\r\nP1\r\n")
	f.Fuzz(func(t *testing.T, name, body string) {
		var spec *struct {
			name     string
			required []string
			optional []string
		}
		for i := range tables {
			if tables[i].name == name {
				spec = &tables[i]
			}
		}
		if spec == nil {
			return
		}
		var notes diag.List
		tb := parseTable("x/"+name+".csv", name, []byte(body), &notes)
		x := &extract{persons: map[string]*person{}, icpcs: map[string]*icpc{}, profs: map[string]string{}, teams: map[string]string{}, badPersons: map[string]bool{}}
		x.persons["p1"] = &person{id: "p1", at: row{t: &table{name: "ssd_person", file: "x/ssd_person.csv"}, n: 1, line: 2}}
		if len(notes) == 0 && tb.require(spec.required...) {
			switch name {
			case "ssd_person":
				x.readPersons(tb)
			case "ssd_cp_plans":
				x.readPlans(tb)
			case "ssd_cp_visits":
				x.readVisits(tb)
			case "ssd_cp_reviews":
				x.readReviews(tb)
			case "ssd_involvements":
				x.readInvolvements(tb)
			case "ssd_legal_status":
				x.readLegal(tb)
			}
		}
		lines := strings.Count(body, "\n") + 1
		for _, d := range notes {
			if d.File != "x/"+name+".csv" || d.Line > lines {
				t.Errorf("refusal at %s:%d, the table has %d lines: %s", d.File, d.Line, lines, d.Msg)
			}
		}
		for _, p := range x.plans {
			if p.start.IsZero() || !p.end.IsZero() && p.end < p.start {
				t.Errorf("plan read as %+v", p)
			}
		}
		for _, v := range x.visits {
			if v.date.IsZero() || v.person == "" {
				t.Errorf("visit read as %+v", v)
			}
		}
	})
}

// FuzzParseDate: a date read from any text is a real date, and the same text reads the same.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-12-10", "2024-12-10 00:00:00.000", "10/12/2024", "31/02/2024", "2024-12-10T10:00:00Z", "1/2/2024", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(s)
		if err != nil {
			return
		}
		y, m, day := d.Civil()
		if y < 1 || y > 9999 || m < 1 || m > 12 || day < 1 || day > 31 {
			t.Errorf("%q read as %v", s, d)
		}
		if again, _ := parseDate(s); again != d {
			t.Errorf("%q read as %v then %v", s, d, again)
		}
	})
}
