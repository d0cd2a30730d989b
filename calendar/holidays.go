package calendar

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/us"
	"github.com/rickb777/date/v2"
)

// Public-holiday sets come from github.com/rickar/cal/v2 and are expanded to
// their observed dates for the years HolidayYearFirst to HolidayYearLast.
const (
	HolidayYearFirst = 1990
	HolidayYearLast  = 2099
)

// holidaySets maps the supported names (ISO 3166 country, "-" subdivision)
// to rickar/cal lists. Read only.
func holidayList(name string) ([]*cal.Holiday, bool) {
	switch strings.ToUpper(name) {
	case "GB-ENG", "GB-WLS":
		return gb.Holidays, true
	case "US":
		return us.Holidays, true
	case "DE":
		return de.Holidays, true
	case "DE-BW":
		return de.HolidaysBW, true
	case "DE-BY":
		return de.HolidaysBY, true
	case "DE-BE":
		return de.HolidaysBE, true
	case "DE-BB":
		return de.HolidaysBB, true
	case "DE-HB":
		return de.HolidaysHB, true
	case "DE-HH":
		return de.HolidaysHH, true
	case "DE-HE":
		return de.HolidaysHE, true
	case "DE-MV":
		return de.HolidaysMV, true
	case "DE-NI":
		return de.HolidaysNI, true
	case "DE-NW":
		return de.HolidaysNW, true
	case "DE-RP":
		return de.HolidaysRP, true
	case "DE-SL":
		return de.HolidaysSL, true
	case "DE-SN":
		return de.HolidaysSN, true
	case "DE-ST":
		return de.HolidaysST, true
	case "DE-SH":
		return de.HolidaysSH, true
	case "DE-TH":
		return de.HolidaysTH, true
	}
	return nil, false
}

// HolidaySetNames lists the supported holiday-set names: "GB-ENG" and
// "GB-WLS" (England and Wales bank holidays), "US" (federal holidays), "DE"
// (German national holidays) and "DE-BW" ... "DE-TH" (each German state).
// Names are matched in any case.
func HolidaySetNames() []string {
	names := []string{"GB-ENG", "GB-WLS", "US", "DE", "DE-BW", "DE-BY", "DE-BE", "DE-BB", "DE-HB", "DE-HH",
		"DE-HE", "DE-MV", "DE-NI", "DE-NW", "DE-RP", "DE-SL", "DE-SN", "DE-ST", "DE-SH", "DE-TH"}
	sort.Strings(names)
	return names
}

// holidaySet returns the observed dates of the named set, sorted.
func holidaySet(name string) ([]date.Date, error) {
	list, ok := holidayList(name)
	if !ok {
		return nil, parseErr(name, "", fmt.Errorf("%w: supported: %s", ErrUnknownHolidaySet, strings.Join(HolidaySetNames(), ", ")))
	}
	var out []date.Date
	for y := HolidayYearFirst; y <= HolidayYearLast; y++ {
		for _, h := range list {
			_, obs := h.Calc(y)
			if obs.IsZero() {
				continue
			}
			yy, m, d := obs.Date()
			out = append(out, date.New(yy, m, d))
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
