package render

import (
	"github.com/cpcase/cpcase/internal/dates/calendar"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
)

// WorkingDaysOf is an obligation's Days counted in cal's working days instead: the working days
// after the earlier of the due date and the other day Days counts to (the as-of date, or the day
// it was met), up to and including the later; at most 10000. 0 when Days means nothing.
func WorkingDaysOf(o engine.Obligation, cal *calendar.Calendar) int {
	if !o.HasDays || cal == nil || o.Due.IsZero() {
		return 0
	}
	from, to := o.Due, o.Due.AddDays(o.Days)
	if o.Status == engine.Due || o.Status == engine.Open {
		from, to = o.Due.AddDays(-o.Days), o.Due
	}
	if to < from {
		from, to = to, from
	}
	return min(cal.WorkingDaysBetween(from, to), 10000)
}
