package ssd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every cell that cannot be read is refused with its file, line, column, row and column name,
// and then nothing is written.
func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, table, body string
		want              []string
	}{
		{"impossible date", "ssd_cp_plans", strings.Replace(oneFamily["ssd_cp_plans"], "01/06/2026,2026-09-01", "31/02/2026,2026-09-01", 1),
			[]string{`extract/ssd_cp_plans.csv:3:12: row 2, column cppl_cp_plan_start_date: "31/02/2026" is not a real calendar date (read as day 31, month 2, year 2026)`}},
		{"not a date", "ssd_cp_visits", strings.Replace(oneFamily["ssd_cp_visits"], "2026-11-10,Y,,", "10th Nov,Y,,", 1),
			[]string{`extract/ssd_cp_visits.csv:4:8: row 3, column cppv_cp_visit_date: "10th Nov" is not a date (expected 2024-12-10, 2024-12-10 00:00:00.000 or 10/12/2024)`}},
		{"a flag", "ssd_cp_visits", strings.Replace(oneFamily["ssd_cp_visits"], "V1,P1,CP1,2026-06-03,Y,Y,", "V1,P1,CP1,2026-06-03,Seen,Y,", 1),
			[]string{`extract/ssd_cp_visits.csv:2:22: row 1, column cppv_cp_visit_seen: "Seen" is not a flag (expected Y, N, Yes or No)`}},
		{"a category", "ssd_cp_plans", strings.Replace(oneFamily["ssd_cp_plans"], "NEG,Emotional Abuse", "NEG,Domestic abuse", 1),
			[]string{`extract/ssd_cp_plans.csv:2:28: row 1, column cppl_cp_plan_latest_category: "Domestic abuse" is not a category of abuse`}},
		{"an ethnicity", "ssd_person", strings.Replace(oneFamily["ssd_person"], "WBRI", "XX", 1),
			[]string{`extract/ssd_person.csv:2:16: row 1, column pers_ethnicity: "XX" is not a census ethnicity code`}},
		{"a gender", "ssd_person", strings.Replace(oneFamily["ssd_person"], "M,1,", "M,7,", 1),
			[]string{`extract/ssd_person.csv:3:15: row 2, column pers_gender: "7" is not a sex or gender`}},
		{"an id", "ssd_person", strings.Replace(oneFamily["ssd_person"], "P3,,", "P 3,,", 1),
			[]string{`extract/ssd_cp_plans.csv:4:6: row 3, column cppl_person_id: person P3 is not in ssd_person`,
				`extract/ssd_person.csv:4:1: row 3, column pers_person_id: "P 3" cannot be a cpcase id`}},
		{"a missing column", "ssd_cp_visits", strings.Replace(oneFamily["ssd_cp_visits"], "cppv_cp_visit_date", "visit_date", 1),
			[]string{`extract/ssd_cp_visits.csv:1:1: missing column cppv_cp_visit_date (the header names: cppv_cp_visit_id, cppv_person_id, cppv_cp_plan_id, visit_date,`}},
		{"an empty required cell", "ssd_cp_plans", strings.Replace(oneFamily["ssd_cp_plans"], "CP3,,P3,", "CP3,,,", 1),
			[]string{`extract/ssd_cp_plans.csv:4:6: row 3, column cppl_person_id: empty; every row needs its cppl_person_id`}},
		{"a person not in ssd_person", "ssd_cp_plans", strings.Replace(oneFamily["ssd_cp_plans"], "CP3,,P3,", "CP3,,P4,", 1),
			[]string{`extract/ssd_cp_plans.csv:4:6: row 3, column cppl_person_id: person P4 is not in ssd_person`}},
		{"a plan ending before it starts", "ssd_cp_plans", strings.Replace(oneFamily["ssd_cp_plans"], "2026-09-01 00:00:00.000", "2026-05-01", 1),
			[]string{`extract/ssd_cp_plans.csv:3:23: row 2, column cppl_cp_plan_end_date: the plan ends (2026-05-01) before it starts (2026-06-01)`}},
		{"a duplicate plan", "ssd_cp_plans", oneFamily["ssd_cp_plans"] + "CP1,,P1,2025-01-01,2025-02-01,NEG,NEG\n",
			[]string{`extract/ssd_cp_plans.csv:5:1: row 4, column cppl_cp_plan_id: plan cp1 is also on ssd_cp_plans.csv:2 (row 1); each plan has one row`}},
		{"a broken quote", "ssd_cp_reviews", oneFamily["ssd_cp_reviews"] + "R5,\"P1,CP1,,,\n",
			[]string{`extract/ssd_cp_reviews.csv:6:15: the CSV does not parse: extraneous or missing " in quoted-field`}},
		{"not UTF-8", "ssd_professionals", "prof_professional_id,prof_professional_name\nW1,Sam \xff\n",
			[]string{`extract/ssd_professionals.csv:2: the file is not UTF-8 text; save the extract as UTF-8 CSV`}},
		{"no plans", "ssd_cp_plans", "", []string{`extract: the extract has no ssd_cp_plans.csv; the import needs ssd_person and ssd_cp_plans at least`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeExtract(t, with(oneFamily, tc.table, tc.body))
			out := filepath.Join(t.TempDir(), "cases")
			res, err := Import(dir, out, Options{Policy: "core-groups-s9", AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range res.Refused {
				s := d.String()
				got = append(got, strings.TrimPrefix(s, filepath.Dir(dir)+string(filepath.Separator)))
			}
			if len(got) != len(tc.want) {
				t.Fatalf("refusals:\n%s\nwant %d", strings.Join(got, "\n"), len(tc.want))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("refusal\n got %s\nwant %s", got[i], tc.want[i])
				}
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) || res.Report != "" || len(res.Written) > 0 {
				t.Errorf("something was written after a refusal: %v, %+v", err, res)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	dir := writeExtract(t, oneFamily)
	if _, err := Import(dir, t.TempDir(), Options{AsOf: asOf}); err == nil || !strings.Contains(err.Error(), "no policy given") {
		t.Errorf("no policy: %v", err)
	}
	if _, err := Import(dir, t.TempDir(), Options{Policy: "no-such-policy", AsOf: asOf}); err == nil {
		t.Error("an unknown policy was taken")
	}
	if _, err := Import(filepath.Join(dir, "ssd_person.csv"), t.TempDir(), Options{Policy: "core-groups-s9", AsOf: asOf}); err == nil || !strings.Contains(err.Error(), "is not a folder") {
		t.Errorf("a file for the extract: %v", err)
	}
}

// Text in the reconcile report cannot break its tables or open markup.
func TestReportCells(t *testing.T) {
	got := cell("a|b\n<img src=x onerror=alert(1)> `code` [l](javascript:x) *em* \\")
	want := `a\|b &lt;img src=x onerror=alert(1)&gt; 'code' \[l\](javascript:x) \*em\* \\`
	if got != want {
		t.Errorf("cell = %s, want %s", got, want)
	}
}
