package sla

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/slaeval/slaeval/calendar"
)

var (
	hundred = decimal.NewFromInt(100)
)

// Validate checks the whole agreement and returns every problem found,
// joined with errors.Join; each is an [*Error] with its JSON path, one of
// the package's sentinels, and a sentence saying what to fix. It returns
// nil for a valid agreement. See the package documentation for the rules.
// It checks the default [Limits]; [Options.Validate] takes others. It
// builds no calendar: each calendar's fields are checked directly.
func (a Agreement) Validate() error { return Options{}.Validate(a) }

type validator struct {
	a       Agreement
	lim     Limits // resolved: no zero fields
	p       problems
	parties map[string]Party
	money   bool                      // some fixed amount or price is given
	zones   map[string]*time.Location // zone names already loaded: their location, nil when they do not exist
}

// zoneExists loads each zone name once per validation.
func (v *validator) zoneExists(name string) bool {
	if loc, seen := v.zones[name]; seen {
		return loc != nil
	}
	if v.zones == nil {
		v.zones = map[string]*time.Location{}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	v.zones[name] = loc
	return loc != nil
}

// loadZone returns the zone name as zoneExists loaded it, loading it
// when validation did not: for compilation, which then loads no zone
// twice.
func (v *validator) loadZone(name string) (*time.Location, error) {
	if !v.zoneExists(name) {
		return nil, fmt.Errorf("unknown time zone %s", name)
	}
	return v.zones[name], nil
}

func (v *validator) add(path string, sentinel error, msg string) { v.p.add(path, sentinel, msg) }

func idx(path, field string, i int) string {
	return join(path, field) + "[" + strconv.Itoa(i) + "]"
}

// unknownEnum reports a value of an enumeration that is missing ("a role is
// required: provider, customer or internal") or not one of allowed
// (`role "x" is not one of provider, customer, internal`).
func (v *validator) unknownEnum(path, article, what, value string, allowed ...string) {
	if value == "" {
		list := strings.Join(allowed[:len(allowed)-1], ", ") + " or " + allowed[len(allowed)-1]
		v.add(path, ErrMissing, article+" "+what+" is required: "+list)
		return
	}
	v.add(path, ErrInvalid, what+" "+quote(value)+" is not one of "+strings.Join(allowed, ", "))
}

func (v *validator) required(path, s, what string) {
	if strings.TrimSpace(s) == "" {
		v.add(path, ErrMissing, what+" is required")
	}
}

func (v *validator) agreement() {
	a := v.a
	v.required("id", a.ID, "an identifier for the agreement")
	v.required("title", a.Title, "a title")
	if a.Zone != "" {
		if !v.zoneExists(a.Zone) {
			v.add("zone", ErrZone, "time zone "+quote(a.Zone)+" does not exist; use an IANA name such as \"Europe/London\"")
		}
	}
	switch a.Rounding {
	case "", RoundHalfAwayFromZero, RoundHalfEven, RoundUp, RoundDown, RoundCeiling, RoundFloor:
	default:
		v.add("rounding", ErrInvalid, "rounding "+quote(a.Rounding)+" is not one of halfAwayFromZero, halfEven, up, down, ceiling, floor")
	}

	v.parties = map[string]Party{}
	if len(a.Parties) < 2 {
		v.add("parties", ErrMissing, "an agreement needs at least two parties")
	}
	for i, pt := range a.Parties {
		path := idx("", "parties", i)
		v.required(join(path, "id"), pt.ID, "a party identifier")
		v.required(join(path, "name"), pt.Name, "the party's name")
		if _, dup := v.parties[pt.ID]; dup && pt.ID != "" {
			v.add(join(path, "id"), ErrDuplicate, "party "+quote(pt.ID)+" is defined twice")
		} else if pt.ID != "" {
			v.parties[pt.ID] = pt
		}
		switch pt.Role {
		case RoleProvider, RoleCustomer, RoleInternal:
		default:
			v.unknownEnum(join(path, "role"), "a", "role", pt.Role, "provider", "customer", "internal")
		}
		seen := map[string]bool{}
		for j, c := range pt.Contacts {
			cp := idx(path, "contacts", j)
			v.required(join(cp, "name"), c.Name, "the contact's name")
			if seen[c.Name] && c.Name != "" {
				v.add(join(cp, "name"), ErrDuplicate, "contact "+quote(c.Name)+" is listed twice")
			}
			seen[c.Name] = true
		}
	}

	if v.partyRef("documentOwner.party", a.Owner.Party) {
		v.contactRef("documentOwner.person", a.Owner.Party, a.Owner.Person, true)
	}
	if !a.Review.Every.IsZero() && !positive(a.Review.Every) {
		v.add("review.every", ErrRange, "the review interval must be positive, e.g. P6M")
	} else if _, exact := calendar.AddPeriod(time.Time{}, a.Review.Every); !exact {
		v.add("review.every", ErrRange, "the review interval must be whole years, months, weeks or days, e.g. P6M rather than P0.5Y")
	}
	if a.Review.Every.IsZero() && a.Review.LastReviewed != 0 {
		v.add("review.every", ErrMissing, "a review interval is required when a last review date is given")
	}

	v.term()
	ok := v.versions()
	v.history()
	if ok && len(v.p.errs) == 0 {
		// What compilation and reports would cost, for an otherwise
		// valid agreement.
		v.calendarBudget()
		v.periodBudget()
	}

	if v.money && a.Currency == "" {
		v.add("currency", ErrMissing, "a currency (ISO 4217 code such as \"GBP\") is required because the agreement states amounts of money")
	}
	if a.Currency != "" && !isCurrency(a.Currency) {
		v.add("currency", ErrInvalid, "currency "+quote(a.Currency)+" is not a three-letter ISO 4217 code such as \"GBP\"")
	}
}

func isCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range s {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// partyRef reports whether id names a party, reporting the problem if not.
func (v *validator) partyRef(path, id string) bool {
	if id == "" {
		v.add(path, ErrMissing, "a party identifier is required")
		return false
	}
	if _, ok := v.parties[id]; !ok {
		v.add(path, ErrUnknownRef, "party "+quote(id)+" is not one of the agreement's parties")
		return false
	}
	return true
}

func (v *validator) contactRef(path, party, name string, required bool) {
	if name == "" {
		if required {
			v.add(path, ErrMissing, "a contact name is required")
		}
		return
	}
	for _, c := range v.parties[party].Contacts {
		if c.Name == name {
			return
		}
	}
	v.add(path, ErrUnknownRef, quote(name)+" is not a contact of party "+quote(party))
}

func positive(p period.Period) bool { return !p.IsZero() && !p.IsNegative() && allFieldsNonNegative(p) }

func allFieldsNonNegative(p period.Period) bool {
	return p.Years() >= 0 && p.Months() >= 0 && p.Weeks() >= 0 && p.Days() >= 0 &&
		p.Hours() >= 0 && p.Minutes() >= 0 && p.Seconds() >= 0 &&
		!p.YearsDecimal().IsNeg() && !p.MonthsDecimal().IsNeg() && !p.WeeksDecimal().IsNeg() &&
		!p.DaysDecimal().IsNeg() && !p.HoursDecimal().IsNeg() && !p.MinutesDecimal().IsNeg() && !p.SecondsDecimal().IsNeg()
}

func (v *validator) nonNegative(path string, p period.Period) {
	if !p.IsZero() && !positive(p) {
		v.add(path, ErrRange, "must not be negative")
	}
}

func (v *validator) term() {
	t := v.a.Term
	if t.EffectiveFrom.IsZero() {
		v.add("term.effectiveFrom", ErrMissing, "the instant the agreement takes effect is required")
	}
	if !t.EffectiveTo.IsZero() && !t.EffectiveTo.After(t.EffectiveFrom) {
		v.add("term.effectiveTo", ErrRange, "the term must end after it starts")
	}
	if r := t.Renewal; r != nil {
		if !positive(r.Every) {
			v.add("term.renewal.every", ErrRange, "the renewal period must be positive, e.g. P1Y")
		}
		v.nonNegative("term.renewal.notice", r.Notice)
		if t.EffectiveTo.IsZero() {
			v.add("term.renewal", ErrInvalid, "an open-ended term (no effectiveTo) cannot be renewed; remove renewal or give an end")
		}
	}
	if fc := t.ForCause; fc != nil {
		v.byParties("term.terminationForCause.by", fc.By)
		v.nonNegative("term.terminationForCause.curePeriod", fc.Cure)
		v.nonNegative("term.terminationForCause.notice", fc.Notice)
		for i, id := range fc.Chronic {
			found := false
			for _, ver := range v.a.Versions {
				for _, c := range ver.Chronic {
					found = found || c.ID == id
				}
			}
			if !found {
				v.add("term.terminationForCause.chronicFailures["+strconv.Itoa(i)+"]", ErrUnknownRef, "chronic failure "+quote(id)+" is not defined in any version's chronicFailures")
			}
		}
	}
	if wc := t.WithoutCause; wc != nil {
		v.byParties("term.terminationWithoutCause.by", wc.By)
		v.nonNegative("term.terminationWithoutCause.notice", wc.Notice)
		v.calendarPeriod("term.terminationWithoutCause.atEndOf", wc.AtEndOf, true)
	}
}

func (v *validator) byParties(path string, ids []string) {
	if len(ids) == 0 {
		v.add(path, ErrMissing, "name at least one party that may terminate")
	}
	for i, id := range ids {
		v.partyRef(path+"["+strconv.Itoa(i)+"]", id)
	}
}

// calendarPeriod checks a non-rolling period kind.
func (v *validator) calendarPeriod(path, kind string, optional bool) {
	switch kind {
	case PeriodWeek, PeriodMonth, PeriodQuarter, PeriodYear:
	case "":
		if !optional {
			v.add(path, ErrMissing, "a period is required: week, month, quarter or year")
		}
	default:
		v.add(path, ErrInvalid, "period "+quote(kind)+" is not one of week, month, quarter, year")
	}
}

// versions checks the versions, and reports whether there are no more of
// them than the limit allows (else only their number is reported).
func (v *validator) versions() bool {
	a := v.a
	if len(a.Versions) == 0 {
		v.add("versions", ErrMissing, "at least one version (the agreement's content) is required")
		return true
	}
	if n := len(a.Versions); n > v.lim.Versions {
		v.limitErr("versions", fmt.Sprintf("the agreement has %d versions", n), v.lim.Versions, "Versions")
		return false
	}
	labels := map[string]bool{}
	order := make([]int, 0, len(a.Versions))
	for i, ver := range a.Versions {
		path := idx("", "versions", i)
		v.required(join(path, "version"), ver.Version, "a version label")
		if labels[ver.Version] && ver.Version != "" {
			v.add(join(path, "version"), ErrDuplicate, "version "+quote(ver.Version)+" is defined twice")
		}
		labels[ver.Version] = true
		if ver.EffectiveFrom.IsZero() {
			v.add(join(path, "effectiveFrom"), ErrMissing, "the instant the version takes effect is required")
			continue
		}
		order = append(order, i)
		if !ver.EffectiveTo.IsZero() && !ver.EffectiveTo.After(ver.EffectiveFrom) {
			v.add(join(path, "effectiveTo"), ErrRange, "the version must end after it takes effect")
		}
		if ver.EffectiveFrom.Before(a.Term.EffectiveFrom) {
			v.add(join(path, "effectiveFrom"), ErrRange, "version "+quote(ver.Version)+" takes effect at "+ver.EffectiveFrom.Format(time.RFC3339)+", before the term starts at "+a.Term.EffectiveFrom.Format(time.RFC3339))
		}
		if !a.Term.EffectiveTo.IsZero() && !ver.EffectiveFrom.Before(a.Term.EffectiveTo) {
			v.add(join(path, "effectiveFrom"), ErrRange, "version "+quote(ver.Version)+" takes effect after the term ends")
		}
		for j, id := range ver.ApprovedBy {
			v.partyRef(idx(path, "approvedBy", j), id)
		}
		v.version(path, ver)
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return a.Versions[i].EffectiveFrom.Compare(a.Versions[j].EffectiveFrom)
	})
	if len(order) > 0 && !a.Term.EffectiveFrom.IsZero() {
		first := a.Versions[order[0]]
		if first.EffectiveFrom.After(a.Term.EffectiveFrom) {
			v.add(idx("", "versions", order[0])+".effectiveFrom", ErrRange, "the earliest version must take effect when the term starts ("+a.Term.EffectiveFrom.Format(time.RFC3339)+"), so that some version is always in force")
		}
	}
	for k := 1; k < len(order); k++ {
		prev, cur := a.Versions[order[k-1]], a.Versions[order[k]]
		path := idx("", "versions", order[k]) + ".effectiveFrom"
		switch {
		case cur.EffectiveFrom.Equal(prev.EffectiveFrom):
			v.add(path, ErrOverlap, "versions "+quote(prev.Version)+" and "+quote(cur.Version)+" both take effect at "+cur.EffectiveFrom.Format(time.RFC3339)+"; give the later one a later effectiveFrom")
		case !prev.EffectiveTo.IsZero() && prev.EffectiveTo.After(cur.EffectiveFrom):
			v.add(path, ErrOverlap, "version "+quote(cur.Version)+" takes effect at "+cur.EffectiveFrom.Format(time.RFC3339)+", before version "+quote(prev.Version)+" ends at "+prev.EffectiveTo.Format(time.RFC3339))
		}
	}
	return true
}
