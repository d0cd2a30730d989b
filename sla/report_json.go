package sla

// report_json.go: the JSON form of the report's durations. They are
// time.Duration in Go and ISO 8601 durations in JSON ("PT143H"), the
// dialect agreements are written in.

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// isoDuration is a time.Duration that marshals to JSON as an ISO 8601
// duration with hours, minutes and seconds only: "PT143H", "PT1H30M",
// "PT0.5S", "PT0S"; a negative one with a leading minus ("-PT1H").
type isoDuration time.Duration

// MarshalText encodes d as formatISODuration does.
func (d isoDuration) MarshalText() ([]byte, error) {
	return []byte(formatISODuration(time.Duration(d))), nil
}

// UnmarshalText decodes the form MarshalText writes.
func (d *isoDuration) UnmarshalText(b []byte) error {
	v, err := parseISODuration(string(b))
	if err != nil {
		return err
	}
	*d = isoDuration(v)
	return nil
}

// formatISODuration writes d as PTnHnMn.nS, leaving out zero fields (PT0S
// for zero), with a leading minus when d is negative.
func formatISODuration(d time.Duration) string {
	u := uint64(d)
	var b []byte
	if d < 0 {
		b, u = append(b, '-'), -u
	}
	b = append(b, 'P', 'T')
	h, m, ns := u/uint64(time.Hour), u%uint64(time.Hour)/uint64(time.Minute), u%uint64(time.Minute)
	if h > 0 {
		b = append(strconv.AppendUint(b, h, 10), 'H')
	}
	if m > 0 {
		b = append(strconv.AppendUint(b, m, 10), 'M')
	}
	if ns > 0 || u == 0 {
		b = strconv.AppendUint(b, ns/1e9, 10)
		if f := ns % 1e9; f > 0 {
			frac := strconv.AppendUint(nil, f+1e9, 10)[1:] // nine digits
			b = append(append(b, '.'), strings.TrimRight(string(frac), "0")...)
		}
		b = append(b, 'S')
	}
	return string(b)
}

var errISODuration = errors.New(`sla: report duration: want an ISO 8601 duration in hours, minutes and seconds, such as "PT143H", "PT1H30M" or "PT0.5S"`)

// parseISODuration parses what formatISODuration writes: an optional
// minus, "PT", then hours, minutes and seconds (each optional, in that
// order, at least one; seconds with up to nine decimals).
func parseISODuration(s string) (time.Duration, error) {
	neg := strings.HasPrefix(s, "-")
	rest, ok := strings.CutPrefix(strings.TrimPrefix(s, "-"), "PT")
	if !ok || rest == "" {
		return 0, errISODuration
	}
	var total uint64
	units := []struct {
		sep  byte
		unit uint64
	}{{'H', uint64(time.Hour)}, {'M', uint64(time.Minute)}, {'S', uint64(time.Second)}}
	for _, u := range units {
		i := strings.IndexByte(rest, u.sep)
		if i < 0 {
			continue
		}
		num := rest[:i]
		rest = rest[i+1:]
		var frac uint64
		if u.sep == 'S' {
			if whole, f, dot := strings.Cut(num, "."); dot {
				if f == "" || len(f) > 9 || !digitsOnly(f) {
					return 0, errISODuration
				}
				frac, _ = strconv.ParseUint(f+strings.Repeat("0", 9-len(f)), 10, 64)
				num = whole
			}
		}
		if num == "" || !digitsOnly(num) {
			return 0, errISODuration
		}
		n, err := strconv.ParseUint(num, 10, 64)
		if err != nil || n > math.MaxInt64/u.unit {
			return 0, errISODuration
		}
		total += n*u.unit + frac
		if total > math.MaxInt64 {
			return 0, errISODuration
		}
	}
	if rest != "" {
		return 0, errISODuration
	}
	if neg {
		return -time.Duration(total), nil
	}
	return time.Duration(total), nil
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// The report types with durations marshal through a copy of themselves
// (plain, with no methods) whose duration fields are shadowed by
// isoDuration fields of the same JSON names.

// MarshalJSON writes the objective with ISO 8601 durations.
func (so SubjectObjective) MarshalJSON() ([]byte, error) {
	type plain SubjectObjective
	return json.Marshal(struct {
		plain
		Elapsed isoDuration `json:"elapsed,omitempty"`
		Target  isoDuration `json:"target,omitempty"`
	}{plain(so), isoDuration(so.Elapsed), isoDuration(so.Target)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (so *SubjectObjective) UnmarshalJSON(b []byte) error {
	type plain SubjectObjective
	x := struct {
		*plain
		Elapsed isoDuration `json:"elapsed,omitempty"`
		Target  isoDuration `json:"target,omitempty"`
	}{plain: (*plain)(so)}
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	so.Elapsed, so.Target = time.Duration(x.Elapsed), time.Duration(x.Target)
	return nil
}

// MarshalJSON writes the cycle with ISO 8601 durations.
func (c Cycle) MarshalJSON() ([]byte, error) {
	type plain Cycle
	return json.Marshal(struct {
		plain
		Elapsed isoDuration `json:"elapsed"`
		Target  isoDuration `json:"target,omitempty"`
	}{plain(c), isoDuration(c.Elapsed), isoDuration(c.Target)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (c *Cycle) UnmarshalJSON(b []byte) error {
	type plain Cycle
	x := struct {
		*plain
		Elapsed isoDuration `json:"elapsed"`
		Target  isoDuration `json:"target,omitempty"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	c.Elapsed, c.Target = time.Duration(x.Elapsed), time.Duration(x.Target)
	return nil
}

// MarshalJSON writes the obligation with ISO 8601 durations.
func (d DeadlineItem) MarshalJSON() ([]byte, error) {
	type plain DeadlineItem
	return json.Marshal(struct {
		plain
		Late              isoDuration `json:"late,omitempty"`
		LateBusiness      isoDuration `json:"lateBusiness,omitempty"`
		Remaining         isoDuration `json:"remaining,omitempty"`
		RemainingBusiness isoDuration `json:"remainingBusiness,omitempty"`
	}{plain(d), isoDuration(d.Late), isoDuration(d.LateBusiness), isoDuration(d.Remaining), isoDuration(d.RemainingBusiness)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *DeadlineItem) UnmarshalJSON(b []byte) error {
	type plain DeadlineItem
	x := struct {
		*plain
		Late              isoDuration `json:"late,omitempty"`
		LateBusiness      isoDuration `json:"lateBusiness,omitempty"`
		Remaining         isoDuration `json:"remaining,omitempty"`
		RemainingBusiness isoDuration `json:"remainingBusiness,omitempty"`
	}{plain: (*plain)(d)}
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	d.Late, d.LateBusiness, d.Remaining, d.RemainingBusiness = time.Duration(x.Late), time.Duration(x.LateBusiness), time.Duration(x.Remaining), time.Duration(x.RemainingBusiness)
	return nil
}

// MarshalJSON writes the period with ISO 8601 durations.
func (pr PeriodReport) MarshalJSON() ([]byte, error) {
	type plain PeriodReport
	return json.Marshal(struct {
		plain
		Service  isoDuration `json:"service,omitempty"`
		Down     isoDuration `json:"down,omitempty"`
		Excluded isoDuration `json:"excluded,omitempty"`
	}{plain(pr), isoDuration(pr.Service), isoDuration(pr.Down), isoDuration(pr.Excluded)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (pr *PeriodReport) UnmarshalJSON(b []byte) error {
	type plain PeriodReport
	x := struct {
		*plain
		Service  isoDuration `json:"service,omitempty"`
		Down     isoDuration `json:"down,omitempty"`
		Excluded isoDuration `json:"excluded,omitempty"`
	}{plain: (*plain)(pr)}
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	pr.Service, pr.Down, pr.Excluded = time.Duration(x.Service), time.Duration(x.Down), time.Duration(x.Excluded)
	return nil
}
