package sla

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
)

// maxHistory bounds Agreement.History: ten years of credit months.
const maxHistory = 120

// SettledMonth is a credit month settled before the evaluator's first one:
// on the system the agreement was migrated from, or before the term began,
// so that rolling, quarterly, contract-year and total caps and chronic
// failures look back across it. Month is "2025-12" in the agreement's zone
// and must end by the first version's effectiveFrom; months are listed
// oldest first, at most 120 of them. Charges are by service ID; Credits by
// the source that issued them (a penalty rule's id, a chronic failure's id,
// or "atRisk" for the at-risk pool), as invoiced (rounded). Missed lists the
// objectives missed and not excused, Breaches the unexcused breaches by
// objective, CapsReached the ids of rule caps whose maximum was reached
// (for chronic failures with capReached). The report repeats the history it
// was computed with (Report.History). Maps onto penalty.Settled.
type SettledMonth struct {
	Month       string                     `json:"month"`
	Charges     map[string]decimal.Decimal `json:"charges,omitempty"`
	Credits     map[string]decimal.Decimal `json:"credits,omitempty"`
	Missed      []string                   `json:"missed,omitempty"`
	Breaches    map[string]int             `json:"breaches,omitempty"`
	CapsReached []string                   `json:"capsReached,omitempty"`
}

// settledHistory converts the agreement's history to penalty values; months
// that do not parse are left out (validation rejects them).
func settledHistory(a Agreement, loc *time.Location) []penalty.Settled {
	if len(a.History) == 0 {
		return nil
	}
	cur := penalty.Currency(a.Currency)
	money := func(m map[string]decimal.Decimal) map[string]penalty.Money {
		out := make(map[string]penalty.Money, len(m))
		for k, v := range m {
			out[k] = penalty.New(v, cur)
		}
		return out
	}
	out := make([]penalty.Settled, 0, len(a.History))
	for _, h := range a.History {
		start, ok := monthStart(h.Month, loc)
		if !ok {
			continue
		}
		st := penalty.Settled{Charges: money(h.Charges), Credits: money(h.Credits),
			Missed: slices.Clone(h.Missed), Breaches: maps.Clone(h.Breaches), CapsReached: slices.Clone(h.CapsReached)}
		st.Period.Start, st.Period.End = start, time.Date(start.Year(), start.Month()+1, 1, 0, 0, 0, 0, loc)
		out = append(out, st)
	}
	return out
}

// monthStart parses "2006-01" as the first instant of that month in loc.
func monthStart(s string, loc *time.Location) (time.Time, bool) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc), true
}

// history checks Agreement.History: months well formed, ascending and
// before the first version; every key names something of the agreement.
func (v *validator) history() {
	a := v.a
	if len(a.History) == 0 {
		return
	}
	if len(a.History) > maxHistory {
		v.add("history", ErrRange, strconv.Itoa(len(a.History))+" settled months is more than the limit of "+strconv.Itoa(maxHistory))
		return
	}
	loc, err := a.Location()
	if err != nil {
		return // reported at zone
	}
	known := historyNames(a)
	var first time.Time
	if len(a.Versions) > 0 {
		first = a.Versions[0].EffectiveFrom
	}
	var prev time.Time
	for i, h := range a.History {
		path := idx("", "history", i)
		start, ok := monthStart(h.Month, loc)
		switch {
		case !ok:
			v.add(join(path, "month"), ErrInvalid, "month "+quote(h.Month)+" is not a month; write it like \"2025-12\"")
		case !prev.IsZero() && !start.After(prev):
			v.add(join(path, "month"), ErrInvalid, "months must be listed oldest first, each once")
		case !first.IsZero() && time.Date(start.Year(), start.Month()+1, 1, 0, 0, 0, 0, loc).After(first):
			v.add(join(path, "month"), ErrRange, "month "+h.Month+" does not end by the first version's effectiveFrom; history is of the months before the agreement is evaluated")
		}
		if ok {
			prev = start
		}
		check := func(field string, keys []string, kind string, names map[string]bool) {
			slices.Sort(keys)
			for _, k := range keys {
				if !names[k] {
					v.add(join(path, field)+"."+k, ErrUnknownRef, quote(k)+" is not "+kind+" of the agreement")
				}
			}
		}
		check("charges", slices.Collect(maps.Keys(h.Charges)), "a priced service", known.charges)
		check("credits", slices.Collect(maps.Keys(h.Credits)), "a penalty rule, chronic failure or atRisk", known.credits)
		check("missed", slices.Clone(h.Missed), "an objective", known.objectives)
		check("breaches", slices.Collect(maps.Keys(h.Breaches)), "an objective", known.objectives)
		check("capsReached", slices.Clone(h.CapsReached), "a penalty rule's cap id", known.caps)
		for _, f := range []struct {
			field string
			m     map[string]decimal.Decimal
		}{{"charges", h.Charges}, {"credits", h.Credits}} {
			for k, d := range f.m {
				v.money = true
				if d.IsNegative() {
					v.add(join(path, f.field)+"."+k, ErrRange, "an amount must not be negative")
				}
			}
		}
		for k, n := range h.Breaches {
			if n < 0 {
				v.add(join(path, "breaches")+"."+k, ErrRange, "a number of breaches must not be negative")
			}
		}
	}
}

type names struct{ charges, credits, objectives, caps map[string]bool }

// historyNames collects, over every version, what history keys may name.
func historyNames(a Agreement) names {
	n := names{charges: map[string]bool{}, credits: map[string]bool{}, objectives: map[string]bool{}, caps: map[string]bool{}}
	for _, ver := range a.Versions {
		for _, s := range ver.Services {
			if s.Pricing != nil {
				n.charges[s.ID] = true
			}
		}
		for _, o := range ver.Objectives {
			n.objectives[o.ID] = true
			for _, r := range o.Penalties {
				for _, name := range ruleNames(o, r) { // compliance_split.go
					n.credits[name] = true
				}
				for _, c := range r.Caps {
					if c.ID != "" {
						n.caps[c.ID] = true
					}
				}
			}
		}
		for _, c := range ver.Chronic {
			n.credits[c.ID] = true
		}
		if ver.AtRisk != nil {
			n.credits["atRisk"] = true
		}
	}
	return n
}
