package sla

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
