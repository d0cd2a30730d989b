package sla

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/slaeval/slaeval/calendar"
)

// versionScope holds what references inside one version resolve against.
type versionScope struct {
	path       string
	v          Version
	calendars  map[string]calendar.Spec
	services   map[string]Service
	objectives map[string]Objective
	exclusions map[string]Exclusion
	rules      map[string]bool
	caps       map[string]bool // cap IDs, of the version's and its rules' caps
}

func (v *validator) version(path string, ver Version) {
	s := versionScope{path: path, v: ver, calendars: ver.Calendars,
		services: map[string]Service{}, objectives: map[string]Objective{},
		exclusions: map[string]Exclusion{}, rules: map[string]bool{}, caps: map[string]bool{}}

	if n := len(ver.Calendars); n > v.lim.Calendars {
		v.limitErr(join(path, "calendars"), fmt.Sprintf("the version defines %d calendars", n), v.lim.Calendars, "Calendars")
		return
	}
	if n := len(ver.Objectives); n > v.lim.Objectives {
		v.limitErr(join(path, "objectives"), fmt.Sprintf("the version has %d objectives", n), v.lim.Objectives, "Objectives")
		return
	}
	for _, n := range slices.Sorted(maps.Keys(ver.Calendars)) {
		v.calendarSpec(join(path, "calendars", n), ver.Calendars[n])
	}

	if len(ver.Services) == 0 {
		v.add(join(path, "services"), ErrMissing, "at least one service is required")
	}
	for i, sv := range ver.Services {
		sp := idx(path, "services", i)
		v.required(join(sp, "id"), sv.ID, "a service identifier")
		v.required(join(sp, "name"), sv.Name, "the service's name")
		if _, dup := s.services[sv.ID]; dup && sv.ID != "" {
			v.add(join(sp, "id"), ErrDuplicate, "service "+quote(sv.ID)+" is defined twice")
		}
		s.services[sv.ID] = sv
		v.partyRef(join(sp, "provider"), sv.Provider)
		v.calendarRef(&s, join(sp, "hours"), sv.Hours)
		if sv.Pricing != nil {
			v.pricing(join(sp, "pricing"), *sv.Pricing)
		}
	}

	for i, ex := range ver.Exclusions {
		ep := idx(path, "exclusions", i)
		v.required(join(ep, "id"), ex.ID, "an exclusion identifier")
		if _, dup := s.exclusions[ex.ID]; dup && ex.ID != "" {
			v.add(join(ep, "id"), ErrDuplicate, "exclusion "+quote(ex.ID)+" is defined twice")
		}
		s.exclusions[ex.ID] = ex
		switch ex.Kind {
		case ExcludeMaintenance, ExcludeForceMajeure, ExcludeOther:
		case ExcludeCustomerCaused:
			v.partyRef(join(ep, "party"), ex.Party)
		default:
			v.unknownEnum(join(ep, "kind"), "a", "kind", ex.Kind, "maintenance", "customerCaused", "forceMajeure", "other")
		}
		if ex.Party != "" && ex.Kind != ExcludeCustomerCaused {
			v.partyRef(join(ep, "party"), ex.Party)
		}
		if len(ex.Causes) == 0 {
			v.add(join(ep, "causes"), ErrMissing, "list the cause values this exclusion covers, e.g. [\"maintenance\"]")
		}
		v.nonNegative(join(ep, "notice"), ex.Notice)
		v.calendarRef(&s, join(ep, "window"), ex.Window)
		v.conditions(join(ep, "events"), ex.Events, false, "")
	}

	// Objective IDs first, so that objectives may refer to later ones.
	for i, o := range ver.Objectives {
		op := idx(path, "objectives", i)
		v.required(join(op, "id"), o.ID, "an objective identifier")
		if _, dup := s.objectives[o.ID]; dup && o.ID != "" {
			v.add(join(op, "id"), ErrDuplicate, "objective "+quote(o.ID)+" is defined twice")
		}
		s.objectives[o.ID] = o
	}
	for i, o := range ver.Objectives {
		v.objective(&s, idx(path, "objectives", i), o)
	}

	obl := map[string]bool{}
	for i, ob := range ver.Obligations {
		op := idx(path, "obligations", i)
		v.required(join(op, "id"), ob.ID, "an obligation identifier")
		if obl[ob.ID] && ob.ID != "" {
			v.add(join(op, "id"), ErrDuplicate, "obligation "+quote(ob.ID)+" is defined twice")
		}
		obl[ob.ID] = true
		v.required(join(op, "description"), ob.Description, "a description of what is owed")
		okP := v.partyRef(join(op, "party"), ob.Party)
		okB := v.partyRef(join(op, "beneficiary"), ob.Beneficiary)
		if okP && okB && ob.Party == ob.Beneficiary {
			v.add(join(op, "beneficiary"), ErrInvalid, "an obligation is owed to another party, not to "+quote(ob.Party)+" itself")
		}
		for j, id := range ob.MeasuredBy {
			mp := idx(op, "measuredBy", j)
			o, ok := s.objectives[id]
			if !ok {
				v.add(mp, ErrUnknownRef, "objective "+quote(id)+" is not defined in this version")
			} else if okP && o.Obligor != ob.Party {
				v.add(mp, ErrInvalid, "objective "+quote(id)+" is owed by "+quote(o.Obligor)+", not by "+quote(ob.Party)+", so it cannot measure this obligation")
			}
		}
	}

	for i, c := range ver.Caps {
		v.cap(&s, idx(path, "caps", i), c)
	}
	if r := ver.AtRisk; r != nil {
		rp := join(path, "atRisk")
		v.percentBase(&s, join(rp, "base"), r.Base, "", true)
		v.percent(join(rp, "percentOfInvoice"), r.Percent)
		v.percent(join(rp, "poolAllocation"), r.PoolAllocation)
		if len(r.Weights) == 0 {
			v.add(join(rp, "weights"), ErrMissing, "allocate the pool to at least one objective")
		}
		weighted := map[string]bool{}
		for i, w := range r.Weights {
			wp := idx(rp, "weights", i)
			if _, ok := s.objectives[w.Objective]; !ok {
				v.add(join(wp, "objective"), ErrUnknownRef, "objective "+quote(w.Objective)+" is not defined in this version")
			} else if weighted[w.Objective] {
				v.add(join(wp, "objective"), ErrDuplicate, "objective "+quote(w.Objective)+" is weighted twice")
			}
			weighted[w.Objective] = true
			v.percent(join(wp, "percent"), w.Percent)
		}
	}
	chronic := map[string]bool{}
	for i, c := range ver.Chronic {
		cp := idx(path, "chronicFailures", i)
		v.required(join(cp, "id"), c.ID, "a chronic failure identifier")
		if chronic[c.ID] && c.ID != "" {
			v.add(join(cp, "id"), ErrDuplicate, "chronic failure "+quote(c.ID)+" is defined twice")
		}
		chronic[c.ID] = true
		o, ok := s.objectives[c.Objective]
		switch {
		case c.Objective == "":
			v.add(join(cp, "objective"), ErrMissing, "name the objective whose misses count")
		case !ok:
			v.add(join(cp, "objective"), ErrUnknownRef, "objective "+quote(c.Objective)+" is not defined in this version")
		}
		if c.Missed < 1 {
			v.add(join(cp, "missed"), ErrRange, "the number of misses must be at least 1")
		}
		switch {
		case c.OfAny < 1:
			v.add(join(cp, "ofAnyConsecutive"), ErrRange, "the number of consecutive periods must be at least 1")
		case c.OfAny < c.Missed && !c.CountBreaches:
			v.add(join(cp, "ofAnyConsecutive"), ErrRange, "cannot miss "+strconv.Itoa(c.Missed)+" of only "+strconv.Itoa(c.OfAny)+" periods")
		}
		v.chronicCapReached(cp, c, o)
		if c.Credit != nil {
			v.amount(join(cp, "credit"), *c.Credit)
			v.percentBase(&s, join(cp, "base"), c.Base, o.Service, c.Credit.Percent != nil)
			v.chronicBasis(&s, cp, c, o.Service)
		} else if c.Base != "" || c.Basis != "" {
			v.add(join(cp, "base"), ErrInvalid, "a base or basis is only used with a credit")
		}
	}
	if c := ver.Claims; c != nil {
		for i, m := range [...]*decimal.Decimal{c.Minimum, c.MoreThan} {
			if m != nil {
				v.money = true
				if m.IsNegative() {
					v.add(join(path, "claims."+[...]string{"minimum", "moreThan"}[i]), ErrRange, "the minimum claim must not be negative")
				}
			}
		}
		if c.Minimum != nil && c.MoreThan != nil {
			v.add(join(path, "claims.moreThan"), ErrInvalid, "give minimum (at least) or moreThan (greater than), not both")
		}
		v.nonNegative(join(path, "claims.within"), c.Within)
		if !c.Within.OnlyHMS().IsZero() {
			v.add(join(path, "claims.within"), ErrUnit, "a claim window is in years, months, weeks or days, e.g. P60D")
		}
	}
}

// calendarSpec checks one named calendar, field by field, so that every
// problem is reported under its JSON path. It builds nothing: the calendar
// package's rules are applied by calendar.Spec.Validate, whose problems
// carry their paths (Limits.CalendarParts bounds what compilation builds).
func (v *validator) calendarSpec(path string, c calendar.Spec) {
	parts := 0
	v.calendarPart(path, c, 0, &parts)
}

// maxCalendarDepth is how deeply unions and intersections may nest; it is
// the calendar package's own limit (a Spec nested deeper fails to build).
const maxCalendarDepth = calendar.MaxSpecDepth

func (v *validator) calendarPart(path string, c calendar.Spec, depth int, parts *int) {
	if *parts++; *parts == calendar.MaxSpecParts+1 {
		v.add(path, ErrLimit, "a calendar may combine at most "+strconv.Itoa(calendar.MaxSpecParts)+" calendars, counting every union and intersection part (calendar.MaxSpecParts)")
	}
	if depth > maxCalendarDepth {
		v.add(path, ErrRange, "unions and intersections are nested more than "+strconv.Itoa(maxCalendarDepth)+" deep")
		return
	}
	if len(c.Union) > 0 || len(c.Intersection) > 0 {
		v.calendarCombination(path, c, depth, parts)
		return
	}
	hours := c.Hours
	if hours == "" {
		v.add(join(path, "hours"), ErrMissing, "opening hours are required, e.g. \"Mon-Fri 07:30-22:00\" or \"24/7\", unless the calendar is a union or intersection of other calendars")
		hours = "24/7"
	}
	if c.Zone != "" && !v.zoneExists(c.Zone) {
		v.add(join(path, "zone"), ErrZone, "time zone "+quote(c.Zone)+" does not exist; use an IANA name such as \"Europe/London\"")
	}
	// The zone is checked above (once per name); the rest by the calendar
	// package, each problem at its path inside the spec.
	leaf := calendar.Spec{Hours: hours, Holidays: c.Holidays, HolidaySets: c.HolidaySets, Special: c.Special}
	for _, err := range unjoin(leaf.Validate()) {
		v.calendarProblem(path, c, err)
	}
}

// calendarProblem reports a problem that calendar.Spec.Validate found in
// the single-zone calendar c at path, in the agreement's words.
func (v *validator) calendarProblem(path string, c calendar.Spec, err error) {
	var pe *calendar.ParseError
	if !errors.As(err, &pe) { // cannot happen: Validate returns *ParseError values
		v.add(path, ErrInvalid, "the calendar cannot be built: "+err.Error())
		return
	}
	p := join(path, pe.Path)
	reason := calendarReason(err)
	field, i := specField(pe.Path)
	switch {
	case errors.Is(err, calendar.ErrLimit):
		v.add(p, ErrLimit, reason+" (the calendar package's limits)")
	case field == "hours":
		v.add(p, ErrInvalid, "opening hours "+quote(c.Hours)+" are not valid: "+reason+"; write them like \"Mon-Fri 07:30-22:00; Sat 09:00-13:00\" or \"24/7\"")
	case field == "holidays":
		v.add(p, ErrRange, "holiday "+c.Holidays[i].String()+" cannot be used: "+reason)
	case field == "holidaySets":
		sets := calendar.HolidaySetNames()
		if c.HolidaySets[i] == "" {
			v.add(p, ErrMissing, "a holiday set name such as \"GB-ENG\" is required")
		} else {
			v.add(p, ErrInvalid, "holiday set "+quote(c.HolidaySets[i])+" is not known; use one of "+strings.Join(sets, ", "))
		}
	case field == "special.date" && errors.Is(err, calendar.ErrOverlap):
		v.add(p, ErrDuplicate, "special day "+c.Special[i].Date.String()+" is listed twice; give each date its hours once")
	case field == "special.date":
		v.add(p, ErrRange, "special day "+c.Special[i].Date.String()+" cannot be used: "+reason)
	case field == "special.hours":
		sd := c.Special[i]
		v.add(p, ErrInvalid, "hours "+quote(sd.Hours)+" of special day "+sd.Date.String()+" are not valid: "+reason+"; write them like \"09:00-13:00\", or leave them empty to close the day")
	default:
		v.add(p, ErrInvalid, "the calendar cannot be built: "+reason)
	}
}

// specField splits a path inside a single-zone spec ("special[3].hours")
// into its field ("special.hours") and index (3; 0 when there is none).
func specField(path string) (string, int) {
	name, rest, ok := strings.Cut(path, "[")
	if !ok {
		return path, 0
	}
	num, sub, _ := strings.Cut(rest, "]")
	i, _ := strconv.Atoi(num)
	return name + sub, i
}

// calendarCombination checks a union or intersection: it has no hours,
// zone or holidays of its own, and each part is a calendar.
func (v *validator) calendarCombination(path string, c calendar.Spec, depth int, parts *int) {
	const own = "a union or intersection has no %s of its own; set it on each part instead"
	ownField := func(field, what string) {
		v.add(join(path, field), ErrInvalid, strings.Replace(own, "%s", what, 1))
	}
	if c.Hours != "" {
		ownField("hours", "opening hours")
	}
	if c.Zone != "" {
		ownField("zone", "time zone")
	}
	if len(c.Holidays) > 0 {
		ownField("holidays", "holidays")
	}
	if len(c.HolidaySets) > 0 {
		ownField("holidaySets", "holiday sets")
	}
	if len(c.Special) > 0 {
		ownField("special", "special days")
	}
	if len(c.Union) > 0 && len(c.Intersection) > 0 {
		v.add(join(path, "intersection"), ErrInvalid, "a calendar is either a union or an intersection, not both; nest one inside the other instead")
	}
	for i, p := range c.Union {
		v.calendarPart(idx(path, "union", i), p, depth+1, parts)
	}
	for i, p := range c.Intersection {
		v.calendarPart(idx(path, "intersection", i), p, depth+1, parts)
	}
}

// calendarReason is the calendar package's reason for err, without its
// "calendar: parse" prefix, quoting the offending part where there is one.
func calendarReason(err error) string {
	var pe *calendar.ParseError
	if errors.As(err, &pe) {
		if pe.Part != "" && pe.Part != pe.Input {
			return "at " + quote(pe.Part) + ": " + pe.Err.Error()
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// unjoin splits an errors.Join tree into its leaves.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unjoin(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

func (v *validator) calendarRef(s *versionScope, path, name string) {
	if name == "" {
		return
	}
	if _, ok := s.calendars[name]; !ok {
		v.add(path, ErrUnknownRef, "calendar "+quote(name)+" is not defined in this version's calendars")
	}
}

func (v *validator) pricing(path string, p Pricing) {
	switch p.Model {
	case PricingFlat, PricingPerUnit:
		if p.Amount == nil {
			v.add(join(path, "amount"), ErrMissing, "a price is required for the "+p.Model+" model")
		}
	case PricingGraduated, PricingVolume:
		if len(p.Tiers) == 0 {
			v.add(join(path, "tiers"), ErrMissing, p.Model+" pricing needs at least one tier")
		}
	case PricingInvoice:
	default:
		v.unknownEnum(join(path, "model"), "a", "pricing model", p.Model, "flat", "perUnit", "graduated", "volume", "invoice")
	}
	if p.Amount != nil {
		v.money = true
		if p.Amount.IsNegative() {
			v.add(join(path, "amount"), ErrRange, "a price must not be negative")
		}
	}
	if (p.Model == PricingPerUnit || p.Model == PricingGraduated || p.Model == PricingVolume) && p.Unit == "" {
		v.add(join(path, "unit"), ErrMissing, "say what is counted, e.g. \"seat\"")
	}
	v.calendarPeriod(join(path, "per"), p.Per, p.Model == PricingInvoice)
	var last *decimal.Decimal
	for i, t := range p.Tiers {
		tp := idx(path, "tiers", i)
		v.money = true
		if t.Price.IsNegative() {
			v.add(join(tp, "price"), ErrRange, "a price must not be negative")
		}
		switch {
		case t.UpTo == nil && i != len(p.Tiers)-1:
			v.add(join(tp, "upTo"), ErrMissing, "only the last tier may be open-ended")
		case t.UpTo != nil && (!t.UpTo.IsPositive() || (last != nil && !t.UpTo.GreaterThan(*last))):
			v.add(join(tp, "upTo"), ErrInvalid, "tiers must be listed in ascending order of a positive upTo")
		case t.UpTo != nil:
			last = t.UpTo
		}
	}
}

func (v *validator) percent(path string, d decimal.Decimal) {
	if d.IsNegative() || d.GreaterThan(hundred) {
		v.add(path, ErrRange, "percentage "+d.String()+" is outside 0–100")
	}
}

func (v *validator) amount(path string, a Amount) {
	switch {
	case a.Percent != nil && a.Fixed != nil:
		v.add(path, ErrInvalid, "give either percentOfCharge or fixed, not both")
	case a.Percent != nil:
		v.percent(join(path, "percentOfCharge"), *a.Percent)
	case a.Fixed != nil:
		v.money = true
		if a.Fixed.IsNegative() {
			v.add(join(path, "fixed"), ErrRange, "an amount must not be negative")
		}
	default:
		v.add(path, ErrMissing, "give an amount: percentOfCharge or fixed")
	}
}

func (v *validator) cap(s *versionScope, path string, c Cap) {
	if c.ID != "" {
		if s.caps[c.ID] {
			v.add(join(path, "id"), ErrDuplicate, "cap "+quote(c.ID)+" is defined twice in this version; give each cap its own id")
		}
		s.caps[c.ID] = true
	}
	switch c.Over {
	case CapPeriod, CapTotal, CapQuarter, CapContractYear:
		if c.Periods != 0 {
			v.add(join(path, "periods"), ErrInvalid, "periods is only used by a rolling cap")
		}
	case CapRolling:
		if c.Periods < 1 {
			v.add(join(path, "periods"), ErrRange, "a rolling cap needs a window of at least 1 period, e.g. 12")
		}
	case "":
		v.add(join(path, "over"), ErrMissing, "say what the cap is over: period, rolling, quarter, contractYear or total")
	default:
		v.add(join(path, "over"), ErrInvalid, quote(c.Over)+" is not one of period, rolling, quarter, contractYear, total")
	}
	v.amount(join(path, "limit"), c.Limit)
}

// checkUnit reports whether p suits unit, reporting problems under path.
func (v *validator) checkUnit(path string, p period.Period, unit string) {
	if unit == UnitBusinessDaysEnd {
		// P0D (or no within) is the end of the business day itself.
		switch {
		case !p.IsZero() && !positive(p):
			v.add(join(path, "within"), ErrRange, "the number of business days must not be negative")
		case !p.OnlyHMS().IsZero() || !p.YearsDecimal().IsZero() || !p.MonthsDecimal().IsZero() || !p.DaysIncWeeksDecimal().IsInt():
			v.add(join(path, "within"), ErrUnit, p.String()+" is not a whole number of days; businessDaysEnd takes days or weeks only (e.g. P10D, or P0D for the end of the business day)")
		case p.DaysIncWeeks() > calendar.MaxBusinessDays:
			v.add(join(path, "within"), ErrRange, p.String()+" is more business days than the calendar can count")
		}
		return
	}
	if !positive(p) {
		v.add(join(path, "within"), ErrRange, "the time must be positive, e.g. PT4H")
	}
	switch unit {
	case UnitWall, UnitWallNextOpen:
	case UnitBusiness:
		if !p.OnlyYMWD().IsZero() {
			v.add(join(path, "within"), ErrUnit, p.String()+" has days, weeks, months or years, which have no fixed length in business time; write hours (e.g. PT27H) or use unit businessDays")
		}
	case UnitBusinessDays:
		if !p.OnlyHMS().IsZero() || !p.YearsDecimal().IsZero() || !p.MonthsDecimal().IsZero() {
			v.add(join(path, "within"), ErrUnit, p.String()+" is not a whole number of days; business days take days or weeks only (e.g. P3D), or use unit business for hours")
		} else if !p.DaysIncWeeksDecimal().IsInt() {
			v.add(join(path, "within"), ErrUnit, p.String()+" is not a whole number of days")
		}
	case "":
		v.add(join(path, "unit"), ErrMissing, "say how the time is counted: wall, business, businessDays or businessDaysEnd")
	default:
		v.add(join(path, "unit"), ErrUnit, "unit "+quote(unit)+" is not one of wall, wallNextOpen, business, businessDays, businessDaysEnd")
	}
}
