package cache

import (
	"encoding/binary"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// The fields of casefolder.Case and the types inside it, each either written by encodeCase or
// deliberately left out (names and free text). A field added to the case fails this test until it
// is sorted into one list, and the encoder (and FormatVersion) follow.
var (
	written = strings.Fields(`
		Case.Ref Case.RefPos Case.Policy Case.PolicyPos Case.Team Case.Children Case.Conferences
		Case.CoreAssessment Case.Plan Case.Escalations Case.Members Case.Meetings Case.Visits
		Case.PlanPos Case.Dir Case.Facts Case.Enquiry
		Enquiry.StrategyDiscussion Enquiry.Section47Started Enquiry.Pos
		Child.ID Child.Born Child.Expected Child.Facts Child.Pos
		Conference.Kind Conference.Date Conference.Decision Conference.Children Conference.Lead
		Conference.CoreGroupSet Conference.CoreGroupEvery Conference.VisitEvery Conference.NextReview
		Conference.Record ConferenceRecord.Circulated ConferenceRecord.PlanCirculated Conference.Pos
		CoreAssessment.Started CoreAssessment.Completed CoreAssessment.Pos
		Plan.Agreed Plan.AgreedPos Plan.Sections Plan.Actions Plan.Signed Plan.Pos
		Section.Name Section.Pos
		Action.ID Action.Text Action.Owner Action.Due Action.Done Action.Pos
		Signature.Member Signature.Date Signature.Pos
		Escalation.Date Escalation.Reason Escalation.To Escalation.Pos
		Member.ID Member.Role Member.From Member.To Member.Excluded Member.Reason Member.Staff Member.Pos
		Meeting.Date Meeting.Kind Meeting.Chair Meeting.ChairPos Meeting.Present Meeting.Apologies
		Meeting.Absent Meeting.Actions Meeting.Next Meeting.DatesSet Meeting.Record
		Meeting.RescheduledFrom Meeting.Cancelled Meeting.Fields Meeting.Pos
		Record.ToManager Record.Approved Record.Circulated
		Visit.Date Visit.By Visit.Kind Visit.Seen Visit.Alone Visit.Bedroom Visit.Bedrooms Visit.Outcome Visit.NoAccess Visit.Pos
		Pos.File Pos.Line Pos.Col Duration.N Duration.Unit`)
	// Left out: personal data and free text. Action.Text and Member.Reason are written only as
	// Withheld or empty, so they are in the list above.
	leftOut = strings.Fields(`Child.Name Member.Name Member.Agency Section.Text Escalation.Note
		Meeting.Summary Meeting.Decisions Meeting.Disagreements` +
		// Special category data and what only the Annex A export reads (it reads the files, never
		// the cache): who the child is, categories of abuse, orders and allocations.
		` Child.Gender Child.Ethnicity Child.Disability Child.PreviousPlans Conference.Categories
		Category.Child Category.Category Case.Orders Order.Kind Order.From Order.To Order.Children Order.Pos
		Case.Allocations Allocation.From Allocation.To Allocation.Team Allocation.Worker Allocation.Children
		Allocation.Pos`)
)

func TestEveryCaseFieldIsWrittenOrLeftOut(t *testing.T) {
	known := map[string]bool{}
	for _, f := range append(written, leftOut...) {
		known[f] = true
	}
	seen := map[string]bool{}
	var walk func(reflect.Type)
	walk = func(ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty.Name()] {
			return
		}
		seen[ty.Name()] = true
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			name := ty.Name() + "." + f.Name
			if !known[name] {
				t.Errorf("casefolder field %s is new to the cache: write it in codec.go (and bump FormatVersion), or list it as left out if it is a name or free text", name)
			}
			delete(known, name)
			walk(f.Type)
		}
	}
	walk(reflect.TypeOf(casefolder.Case{}))
	var gone []string
	for f := range known {
		gone = append(gone, f)
	}
	sort.Strings(gone)
	if len(gone) > 0 {
		t.Errorf("fields listed here that casefolder.Case no longer has: %v", gone)
	}
}

// countActions counts the actions of the lists ahead without reading them, so the meetings'
// actions are made at once; a damaged list counts none.
func TestCountActions(t *testing.T) {
	var b []byte
	for _, m := range []int{2, 0, 3} {
		b = binary.AppendUvarint(b, uint64(m))
		for i := range m * 8 {
			b = binary.AppendUvarint(b, uint64(200+i)) // two bytes each, as a real string index may be
		}
	}
	r := &reader{buf: b}
	if got := r.countActions(3); got != 5 {
		t.Errorf("countActions(3) = %d, want 5", got)
	}
	if len(r.buf) != len(b) {
		t.Errorf("countActions moved the reader: %d bytes left of %d", len(r.buf), len(b))
	}
	if got := r.countActions(2); got != 2 {
		t.Errorf("countActions(2) = %d, want 2 (the first list and the empty one)", got)
	}
	if got := (&reader{buf: b[:len(b)-1]}).countActions(3); got != 0 {
		t.Errorf("countActions of a list cut short = %d, want 0", got)
	}
}

// filePaths names the files as filepath.Join does, for a clean folder and for the others.
func TestFilePaths(t *testing.T) {
	for _, dir := range []string{"/tmp/cases/team-1/case-1", "cases/a", ".", "", "/", "a//b/", "./x/../y", "c:\\x"} {
		got := filePaths(dir)
		for i, name := range files {
			if want := filepath.Join(dir, name); got[i] != want {
				t.Errorf("filePaths(%q)[%d] = %q, want %q", dir, i, got[i], want)
			}
		}
	}
}
