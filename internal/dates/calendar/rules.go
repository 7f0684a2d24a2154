package calendar

import (
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/gb"
)

// The rules below reproduce GOV.UK's lists (testdata/bank-holidays.json, 2018-2027) and carry on for
// later years. gb covers England and Wales; the Scottish and Northern Irish days, the 2022 State
// Funeral and the 2026 World Cup holiday are defined here with cal's own Holiday type. Names are
// GOV.UK's titles.

var (
	// A holiday on a Saturday moves to the Monday after, one on a Sunday to the Monday after.
	toMonday = []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 1}}
	// Christmas and Boxing Day are a pair: whichever falls on a weekend takes the next free weekday.
	// Christmas on Sunday gives Boxing Day Monday 26 and Christmas the Tuesday (GOV.UK, 2022).
	skipWeekendPair = []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 2}}
	// 2 January in Scotland follows New Year's Day: Monday 2 January (New Year on a Sunday, moved to
	// that Monday) moves to Tuesday 3 (GOV.UK, 2023).
	afterNewYear = []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 2}, {Day: time.Monday, Offset: 1}}
)

func fixed(name string, m time.Month, d int, observed []cal.AltDay) *cal.Holiday {
	return &cal.Holiday{Name: name, Type: cal.ObservanceBank, Month: m, Day: d, Func: cal.CalcDayOfMonth, Observed: observed}
}

// oneOff is a holiday proclaimed for a single year.
func oneOff(name string, y int, m time.Month, d int) *cal.Holiday {
	h := fixed(name, m, d, nil)
	h.StartYear, h.EndYear = y, y
	return h
}

var (
	newYear      = gb.NewYear.Clone(&cal.Holiday{Name: "New Year’s Day"})
	goodFriday   = gb.GoodFriday
	easterMonday = gb.EasterMonday
	// Moved to 8 May for the VE day anniversaries.
	earlyMay = gb.EarlyMay.Clone(&cal.Holiday{Name: "Early May bank holiday", Except: []int{1995, 2020}})
	// Moved into June for the 2002, 2012 and 2022 jubilees.
	spring       = gb.SpringHoliday.Clone(&cal.Holiday{Name: "Spring bank holiday", Except: []int{2002, 2012, 2022}})
	summerLast   = gb.SummerHoliday.Clone(&cal.Holiday{Name: "Summer bank holiday"})
	summerFirst  = gb.SummerHolidayScotland.Clone(&cal.Holiday{Name: "Summer bank holiday"})
	christmasDay = gb.ChristmasDay.Clone(&cal.Holiday{Observed: skipWeekendPair})
	boxingDay    = gb.BoxingDay.Clone(&cal.Holiday{Observed: skipWeekendPair})

	secondJanuary = fixed("2nd January", time.January, 2, afterNewYear)
	stAndrewsDay  = func() *cal.Holiday {
		h := fixed("St Andrew’s Day", time.November, 30, toMonday)
		h.StartYear = 2007 // St Andrew's Day Bank Holiday (Scotland) Act 2007
		return h
	}()
	stPatricksDay = fixed("St Patrick’s Day", time.March, 17, toMonday)
	boyne         = fixed("Battle of the Boyne (Orangemen’s Day)", time.July, 12, toMonday)

	// One-offs by proclamation, all three nations unless said otherwise.
	oneOffsUK = []*cal.Holiday{
		oneOff("Early May bank holiday (VE day)", 1995, time.May, 8),
		oneOff("Millennium celebrations", 1999, time.December, 31),
		oneOff("Queen’s Golden Jubilee", 2002, time.June, 3),
		oneOff("Spring bank holiday", 2002, time.June, 4),
		oneOff("Royal wedding", 2011, time.April, 29),
		oneOff("Spring bank holiday", 2012, time.June, 4),
		oneOff("Queen’s Diamond Jubilee", 2012, time.June, 5),
		oneOff("Early May bank holiday (VE day)", 2020, time.May, 8),
		oneOff("Spring bank holiday", 2022, time.June, 2),
		oneOff("Platinum Jubilee bank holiday", 2022, time.June, 3),
		oneOff("Bank Holiday for the State Funeral of Queen Elizabeth II", 2022, time.September, 19),
		oneOff("Bank holiday for the coronation of King Charles III", 2023, time.May, 8),
	}
	worldCup2026 = oneOff("World Cup bank holiday", 2026, time.June, 15) // Scotland only
)

// rules maps each jurisdiction, as GOV.UK names it, to its bank holidays.
var rules = map[string][]*cal.Holiday{
	"england-and-wales": append([]*cal.Holiday{
		newYear, goodFriday, easterMonday, earlyMay, spring, summerLast, christmasDay, boxingDay,
	}, oneOffsUK...),
	"scotland": append([]*cal.Holiday{
		newYear, secondJanuary, goodFriday, earlyMay, spring, summerFirst, stAndrewsDay, christmasDay, boxingDay,
		worldCup2026,
	}, oneOffsUK...),
	"northern-ireland": append([]*cal.Holiday{
		newYear, stPatricksDay, goodFriday, easterMonday, earlyMay, spring, boyne, summerLast, christmasDay, boxingDay,
	}, oneOffsUK...),
}
