// Package calendar answers business-hour questions exactly and fast: how
// much business time lies between two instants, which instant is a given
// amount of business time after another, whether an instant is open, and
// when a calendar next opens or closes.
//
// A Calendar is weekly opening hours in a time zone (Parse, or Spec.Build
// for the plain-value form), with holidays (explicit dates, or public-holiday
// sets by region through github.com/rickar/cal/v2) and special days with
// their own hours; or a union or intersection of calendars, possibly in
// different zones (Union, Intersection). The zero Calendar and a nil
// *Calendar are open 24×7 in UTC.
//
// # Semantics
//
// Opening hours are wall-clock intervals in the calendar's zone. An interval
// whose end is not after its start runs into the next day; 24:00 is a valid
// end. An interval belongs to the date it starts on: a holiday or special day
// replaces the intervals that start on that date.
//
// A boundary (an interval's start or end) is the first instant at which the
// local wall clock reads that time or later: a boundary inside a daylight-
// saving gap is the instant the gap ends, and a boundary that occurs twice is
// its first occurrence. Business time is real elapsed time inside open
// intervals, so an overnight shift across a DST change lasts 7 or 9 hours.
//
// Intervals are half-open. Between(a, b) is the business time in [a, b) and
// Between(b, a) == -Between(a, b). Add(t, d) for d > 0 is the earliest u with
// Between(t, u) == d; for d < 0 the latest u with Between(u, t) == -d.
//
// OpenIntervals iterates over the open stretches in a range, and
// StartOfDay gives the first instant of a local date under the same boundary
// rule; both are meant as building blocks for business-day arithmetic.
//
// # Unions and intersections
//
// Union (open while any part is open) and Intersection (open while every
// part is open) combine calendars in any zones, e.g. a Berlin and a New York
// team covering one follow-the-sun agreement. The result is precomputed like
// a single calendar, so it keeps every guarantee below. In Spec form a
// combination is a Spec with Union or Intersection set.
//
// # Business days and deadlines
//
// A business day is a local date on which the calendar opens (the opening
// rule): an open stretch starts on it, or its whole day lies inside one. An
// overnight shift belongs to the date it starts on; a date the zone skips is
// never a business day. Every open instant belongs to one business day, which
// ends at the end of its last open time (EndOfBusinessDay, BusinessDayEnd).
// IsBusinessDay, AddBusinessDays and BusinessDaysBetween (half-open, additive)
// read a per-calendar index of business days, so their cost does not grow
// with n or the range; they are bounded by MaxBusinessDays.
//
// # Counting business days
//
// "By the end of the Nth business day after" an anchor counts the business
// days that begin (open for the first time, BusinessDayStart) at or after
// the anchor instant: day 1 is the first of them. A business day that has
// begun before the anchor does not count; one that begins at it or later
// does. On a Mon-Fri 09:00-17:30 calendar:
//
//	anchor                                 day 1                 "P1D businessDaysEnd"
//	Monday 10:00 (inside business hours)   Tuesday               Tuesday 17:30
//	Monday 12:30, in a 12:00-13:00 break   Tuesday               Tuesday 17:30
//	Monday 06:00 (before the opening)      Monday                Monday 17:30
//	Monday 09:00 (the opening instant)     Monday                Monday 17:30
//	Monday 18:00 (after the close)         Tuesday               Tuesday 17:30
//	Saturday, or a holiday                 next business day     its 17:30
//	a period end (the 1st, 00:00)          the 1st business day  its 17:30
//	                                       of the new month
//
// A period-end anchor is the first instant of the next period, so "ten
// business days after month end" ends with the tenth business day of the
// next month, the first business day of that month being day 1.
// BusinessDaysEnd N is the end of day N; N == 0 is the end of the business
// day in progress at the anchor, or of the next one when none is
// (EndOfBusinessDay), so from before an opening P0D and P1D are the same.
// BusinessDays N (SameTimeAfter) starts counting at the same day 1: from an
// anchor at or before the start of day 1 it is the end of day N (N days'
// open time); from inside a business day that has begun it is the same
// wall-clock time N business days later (the same-time rule below), which
// lies in day N, after the end of day N-1. So the two units never disagree
// about day 1. The relative deadlines: "dayEnd N" is BusinessDaysEnd N;
// "monthDayEnd N" from an anchor in a month is BusinessDaysEnd N from the
// month's end; "dayAt N" names a date, the Nth business day after the
// anchor's local date, whether or not that date's business day has begun
// ("the next business day at 16:00" from Monday 06:00 is Tuesday 16:00).
//
// The same-time rule (SameTimeAfter, a "P3D businessDays" Span, from an
// anchor t inside a business day that has begun): t, when closed (in a
// break), first moves to NextOpen(t); the wall-clock time of that instant
// on the nth business day after its business day is clamped into that
// day's open time (the clamp rule: to the day's first open instant, the
// end of a break, or the end of the business day); and the result is the
// earliest instant with the same business time from t, Add(t, Between(t,
// u)). So Monday 10:00 plus 1 business day is Tuesday 10:00, while Sunday
// 00:00 plus 10 is 17:30 on the second Friday (the end of day 10, Monday
// to Friday twice) and Saturday 10:00 plus 1 is Monday 17:30.
// SameTimeSpan is the open time from t to that instant, what a target of n
// business days allows a clock; when every business day is open at the same
// hours and the zone never changes its offset near them, it is n days' open
// time, and both cost one position on the timeline. A Span names its unit —
// "PT27H businessTime" is not "P3D businessDays". A Deadline ("dayAt 1
// 16:00", "dayEnd 0", "monthDayEnd 5") resolves against an anchor;
// ResolvePaused moves it by the business time that the pauses covered
// before it was reached.
//
// # Months and years
//
// AddMonths adds months to a date as contracts read it: the same day of the
// month or, when the target month is shorter, its last day (six months
// after 31 December is 30 June, one year after 29 February is 28 February;
// Go's AddDate gives 1 July and 1 March). AddDate and AddPeriod add years,
// months and days, or an ISO-8601 period, to an instant with that rule,
// keeping the wall-clock time by the boundary rule.
//
// # Public holidays
//
// HolidaySets (and a Spec's HolidaySets) close a calendar on the observed
// dates of public holidays, from the lists of github.com/rickar/cal/v2:
// every list that library exports, by ISO 3166-1 country code and ISO
// 3166-2 subdivision, generated from its source (go generate), so none is
// left out. HolidaySetNames returns them; docs/holidays.md names each
// set's region. Names are matched in any case. They are:
//
//	AR, AT, AU-ACT, AU-NSW, AU-NT, AU-QLD, AU-SA, AU-TAS, AU-VIC, AU-WA, BE,
//	BG, BR, CA, CH, CH-AG, CH-AI, CH-AR, CH-BE, CH-BL, CH-BS, CH-FR, CH-GE,
//	CH-GL, CH-GR, CH-JU, CH-LU, CH-NE, CH-NW, CH-OW, CH-SG, CH-SH, CH-SO,
//	CH-SZ, CH-TG, CH-TI, CH-UR, CH-VD, CH-VS, CH-ZG, CH-ZH, CZ, DE, DE-BB,
//	DE-BE, DE-BW, DE-BY, DE-HB, DE-HE, DE-HH, DE-MV, DE-NI, DE-NW, DE-RP,
//	DE-SH, DE-SL, DE-SN, DE-ST, DE-TH, DK, ECB, ES, FR, GB-ENG, GB-WLS, GR,
//	HR, IE, IT, JP, LT, LV, MW, NC, NL, NO, NZ, PL, RO, RU, SE, SI, SK, UA,
//	US, ZA
//
// "GB-ENG" and "GB-WLS" are both the bank holidays of England and Wales,
// "US" the federal holidays and "ECB" the European Central Bank's closing
// days. The library has no lists for Canada's provinces (no "CA-ON") or the
// states of the US; give such holidays as explicit dates.
//
// # Errors
//
// Parse and Spec.Build return *ParseError values that quote the offending
// part of the input and wrap one of the sentinel errors (ErrSyntax, ErrRange,
// ErrOverlap, ...), for errors.Is. Spec.Build reports every problem at once,
// each with its Path in the Spec ("special[2].hours"); Spec.Validate reports
// the same problems without building anything. A Spec's JSON form is read
// strictly (Spec.UnmarshalJSON): unknown or miscased fields, a key given
// twice in one object, and a date that does not exist (2026-02-30) are
// errors with their path. No input makes the package panic, loop without
// bound or allocate without bound.
//
// # Limits
//
// Parse, Spec.Validate and Spec.Build refuse, with ErrLimit, more than
// MaxDayIntervals (48) opening intervals starting on one weekday or special
// day, MaxHolidays (10,000) holidays, MaxHolidaySets (20) holiday sets and
// MaxSpecialDays (500) special days per calendar, and more than
// MaxSpecParts (32) calendars in one Spec or unions and intersections
// nested deeper than MaxSpecDepth (16). At these limits building one
// single-zone calendar takes tens of milliseconds and a few megabytes, a
// union or intersection about the sum of its parts
// (BenchmarkBuildAtLimits), so definitions from untrusted sources can be
// built safely. The business-day index costs the same however many
// intervals a week has: it probes each date when walking every interval of
// the horizon would cost more.
//
// # Horizon
//
// Calendars are exact for instants from 1969-12-29 to 2200-01-05 UTC (the
// horizon). Before and after it a calendar repeats its weekly hours at the
// UTC offset in force at the horizon's edge, with no holidays, special days
// or DST changes; results there are defined and consistent (Between stays
// additive, Add stays its inverse) but ignore zone changes. Holiday sets are
// expanded for the years HolidayYearFirst to HolidayYearLast. Instants more
// than 2^52 seconds (about 142 million years) outside the horizon are treated
// as closed.
//
// # Performance
//
// Each calendar is precomputed when built: time is cut into UTC weeks, each
// week's open intervals form a pattern (patterns are shared), and runs of
// weeks with one pattern carry prefix sums of open time. Between, Add,
// IsOpen, NextOpen and NextClose are a few binary searches: they do not walk
// day by day, their cost does not depend on the span, and they do not
// allocate. A calendar costs a few kilobytes to a few hundred kilobytes of
// memory, mostly for weeks with DST changes and holidays, plus 24 KiB for a
// table from each week of the horizon to its run and about 16 KiB for its
// business-day index (a bit per date in the horizon and a count per 64
// dates, with the zone's offsets), which makes the business-day functions
// span-independent too.
//
// # Concurrency
//
// Calendars are immutable after construction; read methods never write.
// One calendar may be shared by any number of goroutines.
package calendar
