package calendar

import (
	"fmt"
	"slices"
	"strings"
)

const (
	daySec  = 86400
	weekSec = 7 * daySec
)

// dayIv is one opening interval of a day, in seconds after local midnight.
// Invariants: 0 <= Start < 86400 and Start < End <= Start+86400; an End past
// 86400 runs into the next day.
type dayIv struct{ Start, End int32 }

// weekHours are the weekly opening hours; index 0 is Monday. Each day's
// intervals are sorted by Start and, together with the neighbouring days'
// overnight intervals, never overlap.
type weekHours [7][]dayIv

// dayNames holds the day names, three letters each, Monday first.
const dayNames = "MonTueWedThuFriSatSun"

// dayName returns the name of day d (0 = Monday).
func dayName(d int) string { return dayNames[3*d : 3*d+3] }

// parseHours parses the compact form, e.g. "Mon-Fri 09:00-12:00,13:00-17:00; Sat 09:00-13:00".
func parseHours(spec string) (weekHours, error) {
	var w weekHours
	if strings.TrimSpace(spec) == "" {
		return w, parseErr(spec, "", ErrEmpty)
	}
	type src struct {
		day  int
		iv   dayIv
		part string
	}
	var all []src
	for part := range strings.SplitSeq(spec, ";") {
		p := strings.TrimSpace(part)
		if p == "" {
			return w, parseErr(spec, part, fmt.Errorf("%w: empty part", ErrSyntax))
		}
		var days []int
		var ivs []dayIv
		if p == "24/7" {
			days = []int{0, 1, 2, 3, 4, 5, 6}
			ivs = []dayIv{{0, daySec}}
		} else {
			i := strings.IndexAny(p, "0123456789")
			if i < 0 {
				return w, parseErr(spec, p, fmt.Errorf("%w: missing interval", ErrSyntax))
			}
			var err error
			if days, err = parseDays(spec, strings.TrimSpace(p[:i])); err != nil {
				return w, err
			}
			if ivs, err = parseIntervals(spec, p[i:]); err != nil {
				return w, err
			}
		}
		for _, d := range days {
			for _, iv := range ivs {
				all = append(all, src{d, iv, p})
			}
		}
	}
	// Overlap check on the circular week.
	slices.SortFunc(all, func(a, b src) int {
		return int(int64(a.day)*daySec+int64(a.iv.Start)) - int(int64(b.day)*daySec+int64(b.iv.Start))
	})
	for i := range all {
		a := all[i]
		b := all[(i+1)%len(all)]
		aEnd := int64(a.day)*daySec + int64(a.iv.End)
		bStart := int64(b.day)*daySec + int64(b.iv.Start)
		if i+1 == len(all) {
			bStart += weekSec
		}
		if len(all) > 1 && aEnd > bStart {
			return w, parseErr(spec, a.part, fmt.Errorf("%w: %s %s overlaps %s %s", ErrOverlap,
				dayName(a.day), formatIv(a.iv), dayName(b.day), formatIv(b.iv)))
		}
	}
	for _, s := range all {
		w[s.day] = append(w[s.day], s.iv)
	}
	for d, ivs := range w {
		if len(ivs) > MaxDayIntervals {
			return weekHours{}, parseErr(spec, dayName(d), fmt.Errorf("%w: %d intervals start on %s, at most %d", ErrLimit, len(ivs), dayName(d), MaxDayIntervals))
		}
	}
	return w, nil
}

// parseDays parses "Mon-Fri", "Mon,Wed", "Fri-Mon" (wraps), in any case.
func parseDays(spec, s string) ([]int, error) {
	s = strings.ReplaceAll(s, " ", "")
	if s == "" {
		return nil, parseErr(spec, s, fmt.Errorf("%w: missing day", ErrSyntax))
	}
	var seen [7]bool
	var days []int
	for item := range strings.SplitSeq(s, ",") {
		from, to, isRange := strings.Cut(item, "-")
		a, err := parseDay(spec, from)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if b, err = parseDay(spec, to); err != nil {
				return nil, err
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			if seen[d] {
				return nil, parseErr(spec, item, fmt.Errorf("%w: day %s listed twice", ErrOverlap, dayName(d)))
			}
			seen[d] = true
			days = append(days, d)
			if d == b {
				break
			}
		}
	}
	return days, nil
}

func parseDay(spec, s string) (int, error) {
	for i := range 7 {
		if strings.EqualFold(s, dayName(i)) {
			return i, nil
		}
	}
	return 0, parseErr(spec, s, fmt.Errorf("%w: unknown day", ErrSyntax))
}

// parseIntervals parses "09:00-12:00,13:00-17:00" (one day's intervals).
func parseIntervals(spec, s string) ([]dayIv, error) {
	s = strings.ReplaceAll(s, " ", "")
	var ivs []dayIv
	for item := range strings.SplitSeq(s, ",") {
		a, b, ok := strings.Cut(item, "-")
		if !ok {
			return nil, parseErr(spec, item, fmt.Errorf("%w: missing interval", ErrSyntax))
		}
		start, err := parseClock(spec, a)
		if err != nil {
			return nil, err
		}
		if start == daySec {
			return nil, parseErr(spec, a, fmt.Errorf("%w: 24:00 is only valid as an end", ErrRange))
		}
		end, err := parseClock(spec, b)
		if err != nil {
			return nil, err
		}
		if end <= start {
			end += daySec
		}
		ivs = append(ivs, dayIv{start, end})
		if len(ivs) > MaxDayIntervals {
			return nil, parseErr(spec, s, fmt.Errorf("%w: more than %d intervals in one day", ErrLimit, MaxDayIntervals))
		}
	}
	slices.SortFunc(ivs, func(a, b dayIv) int { return int(a.Start - b.Start) })
	for i := 1; i < len(ivs); i++ {
		if ivs[i].Start < ivs[i-1].End {
			return nil, parseErr(spec, s, fmt.Errorf("%w: %s overlaps %s", ErrOverlap, formatIv(ivs[i-1]), formatIv(ivs[i])))
		}
	}
	return ivs, nil
}

// parseClock parses H:MM, HH:MM or HH:MM:SS (up to 24:00:00) into seconds.
func parseClock(spec, s string) (int32, error) {
	f := strings.Split(s, ":")
	if len(f) < 2 || len(f) > 3 || len(f[0]) < 1 || len(f[0]) > 2 {
		return 0, parseErr(spec, s, fmt.Errorf("%w: want HH:MM or HH:MM:SS", ErrSyntax))
	}
	var v [3]int32
	for i, p := range f {
		if i > 0 && len(p) != 2 {
			return 0, parseErr(spec, s, fmt.Errorf("%w: want HH:MM or HH:MM:SS", ErrSyntax))
		}
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0, parseErr(spec, s, fmt.Errorf("%w: want HH:MM or HH:MM:SS", ErrSyntax))
			}
			v[i] = v[i]*10 + c - '0'
		}
	}
	switch {
	case v[0] > 24:
		return 0, parseErr(spec, s, fmt.Errorf("%w: hour > 24", ErrRange))
	case v[1] > 59:
		return 0, parseErr(spec, s, fmt.Errorf("%w: minute > 59", ErrRange))
	case v[2] > 59:
		return 0, parseErr(spec, s, fmt.Errorf("%w: second > 59", ErrRange))
	case v[0] == 24 && (v[1] != 0 || v[2] != 0):
		return 0, parseErr(spec, s, fmt.Errorf("%w: past 24:00", ErrRange))
	}
	return v[0]*3600 + v[1]*60 + v[2], nil
}

func formatClock(sec int32) string { return string(appendClock(nil, sec)) }

// appendClock appends sec (seconds after midnight, modulo a day) as HH:MM,
// or HH:MM:SS when the seconds are not zero.
func appendClock(b []byte, sec int32) []byte {
	sec %= daySec
	two := func(b []byte, n int32) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }
	b = append(two(b, sec/3600), ':')
	b = two(b, sec/60%60)
	if s := sec % 60; s != 0 {
		b = two(append(b, ':'), s)
	}
	return b
}

func appendIv(b []byte, iv dayIv) []byte {
	b = append(appendClock(b, iv.Start), '-')
	if iv.End == daySec {
		return append(b, "24:00"...)
	}
	return appendClock(b, iv.End)
}

func formatIv(iv dayIv) string { return string(appendIv(nil, iv)) }

func formatIvs(ivs []dayIv) string {
	b := make([]byte, 0, 12*len(ivs))
	for i, iv := range ivs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendIv(b, iv)
	}
	return string(b)
}

// String prints w in the canonical compact form: days with equal hours are
// grouped (consecutive days as ranges), groups in order of their first day.
func (w weekHours) String() string {
	full := true
	for _, d := range w {
		if len(d) != 1 || d[0] != (dayIv{0, daySec}) {
			full = false
		}
	}
	if full {
		return "24/7"
	}
	var groups []string
	done := [7]bool{}
	for d := range 7 {
		if done[d] || len(w[d]) == 0 {
			continue
		}
		var days []string
		for e := d; e < 7; {
			if done[e] || !slices.Equal(w[e], w[d]) {
				e++
				continue
			}
			f := e
			for f+1 < 7 && slices.Equal(w[f+1], w[d]) {
				f++
			}
			for g := e; g <= f; g++ {
				done[g] = true
			}
			if f > e {
				days = append(days, dayName(e)+"-"+dayName(f))
			} else {
				days = append(days, dayName(e))
			}
			e = f + 1
		}
		groups = append(groups, strings.Join(days, ",")+" "+formatIvs(w[d]))
	}
	return strings.Join(groups, "; ")
}
