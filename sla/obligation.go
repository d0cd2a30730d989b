package sla

import "github.com/rickb777/period"

// Obligation is a responsibility of one party towards another, in words,
// with the objectives that measure it. An obligation with no MeasuredBy is
// listed only; the evaluator reports it as not measured.
type Obligation struct {
	ID          string   `json:"id"`
	Party       string   `json:"party"`       // who owes it
	Beneficiary string   `json:"beneficiary"` // to whom
	Description string   `json:"description"`
	MeasuredBy  []string `json:"measuredBy,omitempty"` // objective IDs, each owed by Party
}

// Exclusion kinds.
const (
	ExcludeMaintenance    = "maintenance"    // planned maintenance, announced Notice ahead, inside Window
	ExcludeCustomerCaused = "customerCaused" // caused by Party (the other party)
	ExcludeForceMajeure   = "forceMajeure"
	ExcludeOther          = "other"
)

// Exclusion is a cause of failure that does not count against an objective
// that lists it: downtime or delay whose cause attribute is one of Causes is
// removed and reported as excluded.
type Exclusion struct {
	ID          string        `json:"id"`
	Kind        string        `json:"kind"` // Exclude* constant
	Description string        `json:"description,omitempty"`
	Causes      []string      `json:"causes"`           // values of the cause attribute
	Party       string        `json:"party,omitempty"`  // customerCaused: the party at fault
	Notice      period.Period `json:"notice,omitzero"`  // maintenance: minimum announcement lead time
	Window      string        `json:"window,omitempty"` // maintenance: calendar name of allowed windows
	// Events declare excluded spans (a maintenance announcement): each
	// matching event carries the span in its "start" and "end" attributes
	// (RFC 3339), its cause in the objective's cause attribute, and is
	// itself the announcement, so Notice is measured from its instant.
	Events []Condition `json:"events,omitempty"`
}
