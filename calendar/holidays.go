package calendar

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rickar/cal/v2"
	"github.com/rickb777/date/v2"
)

// The table of holiday sets (holidays_gen.go) and docs/holidays.md are
// generated from rickar/cal's own exported lists.
//go:generate go run ./internal/genholidays -go holidays_gen.go -md ../docs/holidays.md

// Public-holiday sets come from github.com/rickar/cal/v2 and are expanded to
// their observed dates for the years HolidayYearFirst to HolidayYearLast.
const (
	HolidayYearFirst = 1990
	HolidayYearLast  = 2099
)

// holidaySet returns the observed dates of the named set, sorted.
func holidaySet(name string) ([]date.Date, error) {
	list, ok := holidaySetList(name)
	if !ok {
		return nil, parseErr(name, "", fmt.Errorf("%w: supported: %s", ErrUnknownHolidaySet, strings.Join(HolidaySetNames(), ", ")+" (see docs/holidays.md)"))
	}
	out := make([]date.Date, 0, (HolidayYearLast-HolidayYearFirst+1)*len(list))
	for y := HolidayYearFirst; y <= HolidayYearLast; y++ {
		for _, h := range list {
			_, obs := h.Calc(y)
			if obs.IsZero() {
				continue
			}
			out = append(out, dateOf(obs, obs.Location())) // TestHolidaySetDates
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// holidaySetList is the rickar/cal list of the holiday set name, matched in
// any case ("gb-eng" is "GB-ENG").
func holidaySetList(name string) ([]*cal.Holiday, bool) {
	return holidayList(strings.ToUpper(name))
}
