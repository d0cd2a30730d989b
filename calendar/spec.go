package calendar

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/rickb777/date/v2"
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

// Build validates s and returns the calendar it describes. All problems are
// reported at once (errors.Join). Zones are loaded with time.LoadLocation.
func (s Spec) Build() (*Calendar, error) { return s.build(0) }

const maxSpecDepth = 16

func (s Spec) build(depth int) (*Calendar, error) {
	if depth > maxSpecDepth {
		return nil, parseErr("union/intersection", "", fmt.Errorf("%w: nested more than %d deep", ErrRange, maxSpecDepth))
	}
	if len(s.Union) > 0 || len(s.Intersection) > 0 {
		if s.Hours != "" || s.Zone != "" || len(s.Holidays) > 0 || len(s.HolidaySets) > 0 || len(s.Special) > 0 || len(s.Union) > 0 && len(s.Intersection) > 0 {
			return nil, parseErr("union/intersection", "", fmt.Errorf("%w: a combination has no hours, zone or holidays of its own, and is either a union or an intersection", ErrSyntax))
		}
		parts, op := s.Union, opUnion
		if len(parts) == 0 {
			parts, op = s.Intersection, opIntersection
		}
		var errs []error
		cs := make([]*Calendar, 0, len(parts))
		for _, p := range parts {
			c, err := p.build(depth + 1)
			errs = append(errs, err)
			cs = append(cs, c)
		}
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		return combine(op, cs), nil
	}
	loc := time.UTC
	var errs []error
	if s.Zone != "" {
		var err error
		if loc, err = time.LoadLocation(s.Zone); err != nil {
			errs = append(errs, parseErr(s.Zone, "", fmt.Errorf("%w: %w", ErrUnknownZone, err)))
		}
	}
	hours := s.Hours
	if hours == "" {
		hours = "24/7"
	}
	c, err := Parse(hours, loc, Holidays(s.Holidays...), HolidaySets(s.HolidaySets...), SpecialDays(s.Special...))
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
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
