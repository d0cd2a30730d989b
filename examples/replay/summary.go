package main

import (
	"slices"
	"strings"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// objectiveIDs lists the objectives of every version, each once, in order.
func (res *result) objectiveIDs(kinds ...string) []string {
	var ids []string
	for _, v := range res.agreement.Versions {
		for _, o := range v.Objectives {
			if slices.Contains(kinds, o.Metric.Kind) && !slices.Contains(ids, o.ID) {
				ids = append(ids, o.ID)
			}
		}
	}
	return ids
}

// objective finds an objective by version label and ID (zero if unknown).
func (res *result) objective(version, id string) sla.Objective {
	for _, v := range res.agreement.Versions {
		if v.Version == version || version == "" {
			if o, ok := v.Objective(id); ok {
				return o
			}
		}
	}
	return sla.Objective{ID: id}
}

func (res *result) partyName(id string) string {
	if p, ok := res.agreement.Party(id); ok {
		return p.Name
	}
	return id
}

func (res *result) partyNames(ids []string) string {
	var names []string
	for _, id := range ids {
		names = append(names, res.partyName(id))
	}
	return strings.Join(names, " or ")
}

func (res *result) obligationText(o sla.ObligationReport) string {
	for _, v := range res.agreement.Versions {
		if v.Version != o.Version {
			continue
		}
		for _, ob := range v.Obligations {
			if ob.ID == o.ID {
				return ob.Description
			}
		}
	}
	return o.ID
}

// Instants are shown in the agreement's zone.
func (res *result) long(t time.Time) string {
	return t.In(res.loc).Format("Mon 2 Jan 2006 15:04:05 MST")
}
func (res *result) short(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(res.loc).Format("Mon 02 Jan 15:04 MST")
}
func (res *result) day(t time.Time) string { return t.In(res.loc).Format("2 Jan 2006") }

// month names a period: "Mar 2026" for a calendar month, else its dates.
func (res *result) month(start, end time.Time) string {
	s, e := start.In(res.loc), end.In(res.loc)
	if s.Day() == 1 && s.Hour() == 0 && s.Minute() == 0 && e.Equal(time.Date(s.Year(), s.Month()+1, 1, 0, 0, 0, 0, res.loc)) {
		return s.Format("January 2006")
	}
	return s.Format("2 Jan 2006") + " – " + e.Format("2 Jan 2006")
}
