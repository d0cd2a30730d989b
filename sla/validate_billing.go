package sla

import "strings"

// chronicBasis checks a chronic failure's basis: a contract year's fees
// need a percentage credit of a service priced flat per year.
func (v *validator) chronicBasis(s *versionScope, path string, c ChronicRule, objectiveService string) {
	switch c.Basis {
	case BasisPeriod:
	case BasisContractYear:
		base := c.Base
		if base == "" {
			base = objectiveService
		}
		sv, ok := s.services[base]
		switch {
		case c.Credit == nil || c.Credit.Percent == nil:
			v.add(join(path, "basis"), ErrInvalid, "the fees of a contract year are the basis of a percentage credit; give credit.percentOfCharge, or drop basis")
		case !ok || sv.Pricing == nil:
			// percentBase reports the missing service or pricing.
		case sv.Pricing.Model != PricingFlat || sv.Pricing.Per != PeriodYear:
			v.add(join(path, "basis"), ErrInvalid, "the fees of a contract year need a service priced flat per year; service "+quote(base)+" is not (give it pricing {\"model\": \"flat\", \"per\": \"year\"})")
		}
	default:
		v.unknownEnum(join(path, "basis"), "a", "basis", c.Basis, BasisContractYear)
	}
}

// chronicCapReached checks that a chronic failure on a reached cap names a
// cap of one of its objective's penalty rules and counts months, not
// breaches.
func (v *validator) chronicCapReached(path string, c ChronicRule, o Objective) {
	if c.CapReached == "" {
		return
	}
	if c.CountBreaches {
		v.add(join(path, "countBreaches"), ErrInvalid, "a chronic failure on a reached cap counts months, not breaches; drop countBreaches")
	}
	var ids []string
	for _, r := range o.Penalties {
		for _, cp := range r.Caps {
			if cp.ID == c.CapReached {
				return
			}
			if cp.ID != "" {
				ids = append(ids, cp.ID)
			}
		}
	}
	msg := "no penalty rule of objective " + quote(c.Objective) + " has a cap with id " + quote(c.CapReached)
	if len(ids) > 0 {
		msg += "; its caps are " + strings.Join(ids, ", ")
	} else {
		msg += "; give the rule's cap an id and name it here"
	}
	v.add(join(path, "capReached"), ErrUnknownRef, msg)
}
