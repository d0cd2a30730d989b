package calendar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/slaeval/slaeval/internal/strictjson"
)

// Spec is a calendar as a plain value, for storing agreements as data. It
// round-trips through encoding/json, and c.Spec().Build() rebuilds a
// calendar equal to c. The zero Spec means 24×7 in UTC.
//
// A Spec is either a single-zone calendar (Hours, Zone, Holidays,
// HolidaySets, Special) or a combination of other calendars (Union or
// Intersection, in which case the single-zone fields must be empty).
type Spec struct {
	Hours        string       `json:"hours"`                  // compact form: "Mon-Fri 07:30-22:00"; "24/7"; "" means 24/7
	Zone         string       `json:"zone,omitempty"`         // IANA name; "" means UTC
	Holidays     []date.Date  `json:"holidays,omitempty"`     // closed all day
	HolidaySets  []string     `json:"holidaySets,omitempty"`  // public holidays by region, e.g. "GB-ENG", "DE-BE", "US"
	Special      []SpecialDay `json:"special,omitempty"`      // dates with their own hours
	Union        []Spec       `json:"union,omitempty"`        // open when any part is open
	Intersection []Spec       `json:"intersection,omitempty"` // open when every part is open
}

// SpecialDay gives one date its own hours, replacing its weekly hours.
type SpecialDay struct {
	Date  date.Date `json:"date"`
	Hours string    `json:"hours"` // "09:00-13:00"; "" means closed
}

// Limits on one calendar definition, for Parse, Spec.Validate and
// Spec.Build; more is refused with ErrLimit. They bound what building a
// calendar costs (tens of milliseconds and a few megabytes at most for one
// zone; a union or intersection costs about the sum of its parts; see
// BenchmarkBuildAtLimits), so that definitions from untrusted sources can
// be built safely. They are far above what real calendars use.
const (
	// MaxDayIntervals bounds the opening intervals that start on one day:
	// on each weekday of the weekly hours, and on each special day.
	MaxDayIntervals = 48
	// MaxHolidays bounds the explicit holidays of one calendar.
	MaxHolidays = 10000
	// MaxHolidaySets bounds the holiday-set names of one calendar.
	MaxHolidaySets = 20
	// MaxSpecialDays bounds the special days of one calendar.
	MaxSpecialDays = 500
	// MaxSpecParts bounds the calendars in one Spec: the Spec itself and
	// every union or intersection part, however deeply nested.
	MaxSpecParts = 32
	// MaxSpecDepth bounds how deeply unions and intersections nest.
	MaxSpecDepth = 16
)

// Build validates s (Validate) and returns the calendar it describes. All
// problems are reported at once (errors.Join), each a *ParseError with its
// Path in s. Zones are loaded with time.LoadLocation.
func (s Spec) Build() (*Calendar, error) { return s.BuildWith(nil) }

// BuildWith is Build with the zones loaded by loadZone instead of
// time.LoadLocation (nil: time.LoadLocation), each once: a host that
// builds many calendars can hand it the zones it has loaded already
// (time.LoadLocation reads the zone database on every call). loadZone's
// error is reported like time.LoadLocation's, wrapping ErrUnknownZone.
func (s Spec) BuildWith(loadZone func(name string) (*time.Location, error)) (*Calendar, error) {
	if loadZone == nil {
		loadZone = time.LoadLocation
	}
	v := specValidator{load: loadZone, zones: map[string]*time.Location{}}
	v.spec("", s, 0)
	if len(v.errs) > 0 {
		return nil, errors.Join(v.errs...)
	}
	return s.build(v.zones)
}

// Validate reports every problem that Build would report, without
// building anything: its cost is linear in the size of s (plus loading
// each zone). Each problem is a *ParseError whose Path names the field
// ("hours", "special[2].date", "union[1].zone"; "" for s as a whole) and
// which wraps one of the sentinels: ErrSyntax, ErrRange, ErrOverlap,
// ErrUnknownZone, ErrUnknownHolidaySet, ErrInvalidDate or ErrLimit.
func (s Spec) Validate() error {
	v := specValidator{load: time.LoadLocation}
	v.spec("", s, 0)
	return errors.Join(v.errs...)
}

type specValidator struct {
	errs  []error
	parts int
	load  func(string) (*time.Location, error)
	zones map[string]*time.Location // when not nil: the zones loaded, by name
}

// zone loads the zone name, once when v keeps zones.
func (v *specValidator) zone(name string) (*time.Location, error) {
	if loc, ok := v.zones[name]; ok {
		return loc, nil
	}
	loc, err := v.load(name)
	if err == nil && loc == nil {
		err = errors.New("the zone loader returned no location and no error")
	}
	if err != nil {
		return nil, err
	}
	if v.zones != nil {
		v.zones[name] = loc
	}
	return loc, nil
}

// add records err (a *ParseError from the parsers, or a sentinel wrapped
// with detail) at path.
func (v *specValidator) add(path, input string, err error) {
	var pe *ParseError
	if errors.As(err, &pe) {
		pe.Path = path
		v.errs = append(v.errs, pe)
		return
	}
	v.errs = append(v.errs, &ParseError{Input: input, Path: path, Err: err})
}

func (v *specValidator) spec(path string, s Spec, depth int) {
	if v.parts++; v.parts == MaxSpecParts+1 {
		v.add(path, "union/intersection", fmt.Errorf("%w: more than %d calendars in one spec, counting every union and intersection part", ErrLimit, MaxSpecParts))
	}
	if depth > MaxSpecDepth {
		v.add(path, "union/intersection", fmt.Errorf("%w: nested more than %d deep", ErrRange, MaxSpecDepth))
		return
	}
	if len(s.Union) > 0 || len(s.Intersection) > 0 {
		if s.Hours != "" || s.Zone != "" || len(s.Holidays) > 0 || len(s.HolidaySets) > 0 || len(s.Special) > 0 || len(s.Union) > 0 && len(s.Intersection) > 0 {
			v.add(path, "union/intersection", fmt.Errorf("%w: a combination has no hours, zone or holidays of its own, and is either a union or an intersection", ErrSyntax))
		}
		for i, p := range s.Union {
			v.spec(pathIndex(path, "union", i), p, depth+1)
		}
		for i, p := range s.Intersection {
			v.spec(pathIndex(path, "intersection", i), p, depth+1)
		}
		return
	}
	if s.Zone != "" {
		if _, err := v.zone(s.Zone); err != nil {
			v.add(pathJoin(path, "zone"), s.Zone, fmt.Errorf("%w: %w", ErrUnknownZone, err))
		}
	}
	if s.Hours != "" {
		if _, err := parseHours(s.Hours); err != nil {
			v.add(pathJoin(path, "hours"), s.Hours, err)
		}
	}
	if n := len(s.Holidays); n > MaxHolidays {
		v.add(pathJoin(path, "holidays"), "holidays", fmt.Errorf("%w: %d holidays, at most %d", ErrLimit, n, MaxHolidays))
	} else {
		for i, d := range s.Holidays {
			if err := checkDate(d); err != nil {
				v.add(pathIndex(path, "holidays", i), "", err)
			}
		}
	}
	if n := len(s.HolidaySets); n > MaxHolidaySets {
		v.add(pathJoin(path, "holidaySets"), "holidaySets", fmt.Errorf("%w: %d holiday sets, at most %d", ErrLimit, n, MaxHolidaySets))
	} else {
		for i, name := range s.HolidaySets {
			if _, ok := holidaySetList(name); !ok {
				v.add(pathIndex(path, "holidaySets", i), name, fmt.Errorf("%w: supported: %s", ErrUnknownHolidaySet, strings.Join(HolidaySetNames(), ", ")))
			}
		}
	}
	if n := len(s.Special); n > MaxSpecialDays {
		v.add(pathJoin(path, "special"), "special", fmt.Errorf("%w: %d special days, at most %d", ErrLimit, n, MaxSpecialDays))
		return
	}
	seen := make(map[date.Date]bool, len(s.Special))
	for i, sd := range s.Special {
		sp := pathIndex(path, "special", i)
		if err := checkDate(sd.Date); err != nil {
			v.add(pathJoin(sp, "date"), "", err)
		} else if seen[sd.Date] {
			v.add(pathJoin(sp, "date"), sd.Date.String(), fmt.Errorf("%w: special day listed twice", ErrOverlap))
		}
		seen[sd.Date] = true
		if sd.Hours != "" {
			if _, err := parseIntervals(sd.Hours, sd.Hours); err != nil {
				v.add(pathJoin(sp, "hours"), sd.Hours, err)
			}
		}
	}
}

func pathJoin(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func pathIndex(path, field string, i int) string {
	return pathJoin(path, field) + "[" + strconv.Itoa(i) + "]"
}

// build builds a Spec that Validate accepts, whose zones are loaded in
// zones.
func (s Spec) build(zones map[string]*time.Location) (*Calendar, error) {
	if len(s.Union) > 0 || len(s.Intersection) > 0 {
		parts, op := s.Union, opUnion
		if len(parts) == 0 {
			parts, op = s.Intersection, opIntersection
		}
		cs := make([]*Calendar, 0, len(parts))
		for _, p := range parts {
			c, err := p.build(zones)
			if err != nil {
				return nil, err
			}
			cs = append(cs, c)
		}
		return combine(op, cs), nil
	}
	loc := time.UTC
	if s.Zone != "" {
		loc = zones[s.Zone]
	}
	hours := s.Hours
	if hours == "" {
		hours = "24/7"
	}
	return Parse(hours, loc, Holidays(s.Holidays...), HolidaySets(s.HolidaySets...), SpecialDays(s.Special...))
}

// Spec returns c as a plain value; Spec().Build() gives back an equal
// calendar when the zone is one time.LoadLocation knows.
func (c *Calendar) Spec() Spec {
	if c == nil || c.loc == nil && c.tl == nil && c.op == opNone {
		return Spec{Hours: "24/7"}
	}
	if c.op != opNone {
		parts := make([]Spec, len(c.parts))
		for i, p := range c.parts {
			parts[i] = p.Spec()
		}
		if c.op == opUnion {
			return Spec{Union: parts}
		}
		return Spec{Intersection: parts}
	}
	s := Spec{
		Hours:       c.hours.String(),
		Holidays:    slices.Clone(c.holidays),
		HolidaySets: slices.Clone(c.sets),
		Special:     slices.Clone(c.special),
	}
	if c.loc != time.UTC && c.loc.String() != "UTC" {
		s.Zone = c.loc.String()
	}
	if len(s.Holidays) == 0 {
		s.Holidays = nil
	}
	return s
}

// UnmarshalJSON reads the JSON form of a Spec strictly: a field name that
// is not one of Spec's (spelled exactly), a key given twice in one object,
// a value of the wrong type, and a date that is not YYYY-MM-DD or does not
// exist (2026-02-30, 2026-02-29) are errors, each a *ParseError with its
// Path (ErrSyntax, or ErrInvalidDate for dates). null leaves s unchanged.
// It does not check hours, zones or limits: Validate and Build do.
func (s *Spec) UnmarshalJSON(data []byte) error {
	if !json.Valid(data) {
		return &ParseError{Input: "calendar spec", Err: fmt.Errorf("%w: not valid JSON", ErrSyntax)}
	}
	var errs []error
	for _, p := range strictjson.DuplicateKeys(data) {
		errs = append(errs, &ParseError{Input: p, Path: p, Err: fmt.Errorf("%w: key given twice in one object", ErrSyntax)})
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var out Spec
	out.unmarshal("", data, &errs)
	if err := errors.Join(errs...); err != nil {
		return err
	}
	*s = out
	return nil
}

// fields reads a JSON object into its raw fields, reporting a name that is
// not one of known.
func fields(path string, data []byte, known []string, errs *[]error) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		*errs = append(*errs, &ParseError{Input: string(data), Path: path, Err: fmt.Errorf("%w: must be an object", ErrSyntax)})
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(known, k) {
			*errs = append(*errs, &ParseError{Input: k, Path: pathJoin(path, k), Err: fmt.Errorf("%w: unknown field %q (known: %s)", ErrSyntax, k, strings.Join(known, ", "))})
		}
	}
	return m
}

// field decodes m[name] into v when present and not null.
func field(path string, m map[string]json.RawMessage, name string, v any, errs *[]error) {
	raw, ok := m[name]
	if !ok || string(raw) == "null" {
		return
	}
	if err := json.Unmarshal(raw, v); err != nil {
		*errs = append(*errs, &ParseError{Input: string(raw), Path: pathJoin(path, name), Err: fmt.Errorf("%w: %v", ErrSyntax, err)})
	}
}

// strictDate reads a date that exists, in the form YYYY-MM-DD.
func strictDate(path, s string, errs *[]error) date.Date {
	d, err := strictjson.Date(s)
	if err != nil {
		*errs = append(*errs, &ParseError{Input: s, Path: path, Err: fmt.Errorf("%w: %w", ErrInvalidDate, err)})
	}
	return d
}

func (s *Spec) unmarshal(path string, data []byte, errs *[]error) {
	m := fields(path, data, []string{"hours", "zone", "holidays", "holidaySets", "special", "union", "intersection"}, errs)
	field(path, m, "hours", &s.Hours, errs)
	field(path, m, "zone", &s.Zone, errs)
	field(path, m, "holidaySets", &s.HolidaySets, errs)
	var hol []string
	field(path, m, "holidays", &hol, errs)
	for i, h := range hol {
		s.Holidays = append(s.Holidays, strictDate(pathIndex(path, "holidays", i), h, errs))
	}
	var special []json.RawMessage
	field(path, m, "special", &special, errs)
	for i, raw := range special {
		sp := pathIndex(path, "special", i)
		f := fields(sp, raw, []string{"date", "hours"}, errs)
		var d, h string
		field(sp, f, "date", &d, errs)
		field(sp, f, "hours", &h, errs)
		s.Special = append(s.Special, SpecialDay{Date: strictDate(pathJoin(sp, "date"), d, errs), Hours: h})
	}
	for _, c := range []struct {
		name  string
		parts *[]Spec
	}{{"union", &s.Union}, {"intersection", &s.Intersection}} {
		var raws []json.RawMessage
		field(path, m, c.name, &raws, errs)
		for i, raw := range raws {
			var p Spec
			p.unmarshal(pathIndex(path, c.name, i), raw, errs)
			*c.parts = append(*c.parts, p)
		}
	}
}
