package root

import (
	"bytes"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zoneinfo database
)

func runHolidaysCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := testMain(append([]string{"holidays"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

func TestHolidaysOutput(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"table", []string{"--jurisdiction", "england-and-wales", "--year", "2026"}, `date        weekday   name
2026-01-01  Thursday  New Year’s Day
2026-04-03  Friday    Good Friday
2026-04-06  Monday    Easter Monday
2026-05-04  Monday    Early May bank holiday
2026-05-25  Monday    Spring bank holiday
2026-08-31  Monday    Summer bank holiday
2026-12-25  Friday    Christmas Day
2026-12-28  Monday    Boxing Day (substitute day)
`},
		{"table closures", []string{"--jurisdiction", "scotland", "--year", "2027",
			"--closure", "2027-12-29", "--closure", "2027-12-27", "--closure", "2026-12-29"}, `date        weekday    name
2027-01-01  Friday     New Year’s Day
2027-01-04  Monday     2nd January (substitute day)
2027-03-26  Friday     Good Friday
2027-05-03  Monday     Early May bank holiday
2027-05-31  Monday     Spring bank holiday
2027-08-02  Monday     Summer bank holiday
2027-11-30  Tuesday    St Andrew’s Day
2027-12-27  Monday     Christmas Day (substitute day)
2027-12-28  Tuesday    Boxing Day (substitute day)
2027-12-29  Wednesday  Local closure
`},
		{"json", []string{"--jurisdiction", "northern-ireland", "--year", "2025", "--format", "json"}, `[
  {
    "date": "2025-01-01",
    "name": "New Year’s Day"
  },
  {
    "date": "2025-03-17",
    "name": "St Patrick’s Day"
  },
  {
    "date": "2025-04-18",
    "name": "Good Friday"
  },
  {
    "date": "2025-04-21",
    "name": "Easter Monday"
  },
  {
    "date": "2025-05-05",
    "name": "Early May bank holiday"
  },
  {
    "date": "2025-05-26",
    "name": "Spring bank holiday"
  },
  {
    "date": "2025-07-14",
    "name": "Battle of the Boyne (Orangemen’s Day) (substitute day)"
  },
  {
    "date": "2025-08-25",
    "name": "Summer bank holiday"
  },
  {
    "date": "2025-12-25",
    "name": "Christmas Day"
  },
  {
    "date": "2025-12-26",
    "name": "Boxing Day"
  }
]
`},
		// Thu 1 Oct 2026, no holidays in the next fortnight: the 10th working day is Thu 15 Oct.
		{"add", []string{"--jurisdiction", "england-and-wales", "--add", "10 working days", "--from", "2026-10-01"}, "2026-10-15\n"},
		// Day 1: Thu 1 Oct is day 1, so day 10 is Wed 14 Oct.
		{"add day-1", []string{"--jurisdiction", "england-and-wales", "--add", "10 working days", "--from", "2026-10-01", "--counting", "day-1"}, "2026-10-14\n"},
		// Closed Fri 2 Oct: Mon 5 (1) ... Fri 16 (10).
		{"add closure", []string{"--jurisdiction", "england-and-wales", "--add", "10 working days", "--from", "2026-10-01", "--closure", "2026-10-02"}, "2026-10-16\n"},
		// Calendar units need no jurisdiction.
		{"add months", []string{"--add", "2 Months", "--from", "2026-08-31"}, "2026-10-31\n"},
		{"add json", []string{"--jurisdiction", "scotland", "--add", "1 working day", "--from", "2026-06-12", "--format", "json"}, `{
  "from": "2026-06-12",
  "add": "1 working day",
  "date": "2026-06-16"
}
`},
	}
	for _, k := range cases {
		out, errs, code := runHolidaysCLI(t, k.args...)
		if code != ExitClean || errs != "" {
			t.Errorf("%s: exit %d, stderr %q", k.name, code, errs)
		}
		if out != k.want {
			t.Errorf("%s: stdout\n%s\nwant\n%s", k.name, out, k.want)
		}
	}
}

// TestHolidaysDefaultYear: the default year is the UK's, not the machine's. At 05:00 on 1 January
// 2027 at UTC+14 it is still 31 December 2026 in London.
func TestHolidaysDefaultYear(t *testing.T) {
	now := func() time.Time {
		return time.Date(2027, time.January, 1, 5, 0, 0, 0, time.FixedZone("UTC+14", 14*3600))
	}
	var stdout, stderr bytes.Buffer
	code := mainAt(now, []string{"holidays", "--jurisdiction", "england-and-wales", "--format", "json"}, &stdout, &stderr)
	out := stdout.String()
	if code != ExitClean || !strings.HasPrefix(out, "[\n  {\n    \"date\": \"2026-01-01\"") {
		t.Fatalf("exit %d, output %q", code, out)
	}
}

func TestHolidaysUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"--jurisdiction", "wales"}, `--jurisdiction: unknown jurisdiction "wales" (expected england-and-wales, northern-ireland or scotland)`},
		{[]string{"--year", "2026"}, `--jurisdiction is required (england-and-wales, northern-ireland or scotland)`},
		{[]string{"--add", "3 working days", "--from", "2026-01-01"}, `--jurisdiction is required to count working days (england-and-wales, northern-ireland or scotland)`},
		{[]string{"--jurisdiction", "scotland", "--format", "yaml"}, `--format: unknown format "yaml" (expected table or json)`},
		{[]string{"--jurisdiction", "scotland", "--year", "0"}, `--year: 0 is not a year (expected 1 to 9999)`},
		{[]string{"--jurisdiction", "scotland", "--add", "10 wekks", "--from", "2026-01-01"}, `--add: unknown unit "wekks" (expected working days, days, weeks or months)`},
		{[]string{"--jurisdiction", "scotland", "--add", "ten days", "--from", "2026-01-01"}, `--add: "ten" is not a whole number`},
		{[]string{"--jurisdiction", "scotland", "--add", "10 days"}, `--add needs --from DATE`},
		{[]string{"--jurisdiction", "scotland", "--add", "10 days", "--from", "2026-02-30"}, `--from: 2026-02-30 is not a real calendar date`},
		{[]string{"--jurisdiction", "scotland", "--add", "10 days", "--from", "1/2/2026"}, `--from: "1/2/2026" is not a date (expected YYYY-MM-DD)`},
		{[]string{"--jurisdiction", "scotland", "--add", "10 days", "--from", "2026-01-01", "--counting", "day-2"}, `--counting: unknown counting "day-2" (expected day-0 or day-1)`},
		{[]string{"--jurisdiction", "scotland", "--add", "10 days", "--from", "2026-01-01", "--year", "2026"}, `--year lists holidays; it cannot be used with --add`},
		{[]string{"--jurisdiction", "scotland", "--from", "2026-01-01"}, `--from needs --add`},
		{[]string{"--jurisdiction", "scotland", "--counting", "day-1"}, `--counting needs --add`},
		{[]string{"--jurisdiction", "scotland", "--closure", "2026-13-01"}, `--closure: 2026-13-01 is not a real calendar date`},
		{[]string{"--jurisdiction", "scotland", "2026"}, `holidays takes no arguments, got "2026"`},
		{[]string{"--add", "2 months", "--from", "9999-12-01"}, `--add: 2 months from 9999-12-01 is past the year 9999`},
		{[]string{"--jurisdiction", "scotland", "--year", "next"}, `invalid argument "next" for "--year" flag: strconv.ParseInt: parsing "next": invalid syntax`},
	}
	for _, k := range cases {
		out, errs, code := runHolidaysCLI(t, k.args...)
		want := "cpcase: " + k.msg + "\nRun 'cpcase --help' for usage.\n"
		if code != ExitUsage || out != "" || errs != want {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%s\nwant\n%s", k.args, code, out, errs, want)
		}
	}
}
