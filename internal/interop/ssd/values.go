package ssd

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// The values of real extracts: dates with or without a time, ISO or UK order; flags in any case;
// categories as codes or words. Each reader returns ok false, having refused the cell, when the
// value is there but cannot be read; an empty cell is "not held" (zero value, ok true).

func (r row) date(col string) (civil.Date, bool) {
	s := r.get(col)
	if s == "" {
		return 0, true
	}
	d, err := parseDate(s)
	if err != nil {
		r.refuse(col, "%v", err)
		return 0, false
	}
	return d, true
}

// parseDate reads 2024-12-10, 2024-12-10 00:00:00.000, 2024-12-10T00:00:00 and 10/12/2024
// (day first, as UK systems write it), with any time of day, which is dropped.
func parseDate(s string) (civil.Date, error) {
	day, clock := s, ""
	if i := strings.IndexAny(s, " T"); i >= 0 {
		day, clock = s[:i], strings.TrimSpace(s[i+1:])
	}
	if clock != "" && !isClock(clock) {
		return 0, fmt.Errorf("%q is not a date (expected 2024-12-10, 2024-12-10 00:00:00.000 or 10/12/2024)", s)
	}
	if p := strings.Split(day, "/"); len(p) == 3 {
		d, e1 := strconv.Atoi(p[0])
		m, e2 := strconv.Atoi(p[1])
		y, e3 := strconv.Atoi(p[2])
		if e1 != nil || e2 != nil || e3 != nil || len(p[2]) != 4 || len(p[0]) > 2 || len(p[1]) > 2 {
			return 0, fmt.Errorf("%q is not a date (expected dd/MM/yyyy)", s)
		}
		if !civil.Valid(y, m, d) {
			return 0, fmt.Errorf("%q is not a real calendar date (read as day %d, month %d, year %d)", s, d, m, y)
		}
		return civil.New(y, time.Month(m), d), nil
	}
	d, err := civil.Parse(day)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date (expected 2024-12-10, 2024-12-10 00:00:00.000 or 10/12/2024)", s)
	}
	return d, nil
}

func isClock(s string) bool {
	s = strings.TrimSuffix(s, "Z")
	for _, c := range s {
		if (c < '0' || c > '9') && c != ':' && c != '.' {
			return false
		}
	}
	return strings.Contains(s, ":")
}

// flag is a Y/N flag: "y" yes, "n" no, "" not held.
func (r row) flag(col string) (string, bool) {
	s := strings.ToLower(r.get(col))
	switch s {
	case "":
		return "", true
	case "y", "yes", "true", "1":
		return "y", true
	case "n", "no", "false", "0":
		return "n", true
	}
	r.refuse(col, "%q is not a flag (expected Y, N, Yes or No)", r.get(col))
	return "", false
}

// category reads a category of abuse: a code (NEG, PHY, SAB, EMO, MUL) or a word.
func (r row) category(col string) (string, bool) {
	s := strings.ToLower(r.get(col))
	if s == "" {
		return "", true
	}
	for _, c := range []struct{ code, word, cat string }{
		{"neg", "neglect", casefolder.Neglect},
		{"phy", "physical", casefolder.Physical},
		{"sab", "sexual", casefolder.Sexual},
		{"emo", "emotional", casefolder.Emotional},
		{"mul", "multiple", casefolder.Multiple},
	} {
		if s == c.code || strings.HasPrefix(s, c.word) {
			return c.cat, true
		}
	}
	r.refuse(col, "%q is not a category of abuse (expected NEG, PHY, SAB, EMO, MUL, or Neglect, Physical abuse, Sexual abuse, Emotional abuse, Multiple)", r.get(col))
	return "", false
}

// gender reads pers_gender or pers_sex: the DfE codes (0 not yet born, 1 male, 2 female, 9
// indeterminate), letters or words. Not yet born is not held: it says nothing of the child.
func (r row) gender(col string) (string, bool) {
	s := strings.ToLower(r.get(col))
	switch s {
	case "", "0", "not yet born":
		return "", true
	case "1", "m", "male", "man", "boy":
		return casefolder.Male, true
	case "2", "f", "female", "woman", "girl":
		return casefolder.Female, true
	case "9", "u", "i", "unknown", "indeterminate", "not stated", "not recorded", "not stated/recorded", "not known":
		return casefolder.NotStated, true
	case "neither", "other", "n":
		return casefolder.Neither, true
	}
	r.refuse(col, "%q is not a sex or gender (expected 1, 2, 9, M, F, U, Male, Female, Unknown or Neither)", r.get(col))
	return "", false
}

// ethnicities are the census categories by their descriptions, for extracts that hold words.
var ethnicities = map[string]string{
	"white british": "WBRI", "white irish": "WIRI", "traveller of irish heritage": "WIRT",
	"any other white background": "WOTH", "gypsy/roma": "WROM", "gypsy roma": "WROM",
	"white and black caribbean": "MWBC", "white and black african": "MWBA", "white and asian": "MWAS",
	"any other mixed background": "MOTH", "indian": "AIND", "pakistani": "APKN", "bangladeshi": "ABAN",
	"any other asian background": "AOTH", "caribbean": "BCRB", "african": "BAFR",
	"any other black background": "BOTH", "chinese": "CHNE", "any other ethnic group": "OOTH",
	"refused": "REFU", "information not yet obtained": "NOBT",
}

// ethnicity reads a census code (the first four letters of an extended code) or its words.
func (r row) ethnicity(col string) (string, bool) {
	s := strings.ToUpper(r.get(col))
	if s == "" || s == "UNKNOWN" || s == "NULL" {
		return "", true
	}
	if code, ok := ethnicities[strings.ToLower(s)]; ok {
		return code, true
	}
	if len(s) >= 4 {
		for _, e := range casefolder.Ethnicities {
			if s[:4] == e {
				return e, true
			}
		}
	}
	r.refuse(col, "%q is not a census ethnicity code (expected WBRI, WIRI, ..., REFU, NOBT, or its words)", r.get(col))
	return "", false
}

// id is an SSD id made into a cpcase id: lower case, and any other character than a letter, a
// digit, '.', '_' or '-' refused (an id is written in seen lists and folder names).
func (r row) id(col string) (string, bool) {
	s := strings.ToLower(r.get(col))
	if s == "" {
		return "", true
	}
	if !yamlwalk.IsID(s) {
		r.refuse(col, "%q cannot be a cpcase id (letters, digits, '.', '_' or '-', starting with a letter or digit)", r.get(col))
		return "", false
	}
	return s, true
}
