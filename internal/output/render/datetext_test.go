package render

import (
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
