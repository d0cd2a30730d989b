package sla

import (
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/slaeval/slaeval/calendar"
)

// Agreement is a service level agreement as data: who the parties are, how
// long it runs and how it ends ([Term]), who owns the document and how often
// it is reviewed, and the series of [Version]s that say, from an instant on,
// what is provided and promised.
//
// An Agreement is a plain value; build it in Go or [Decode] it from JSON, then
// call [Agreement.Validate]. Once valid it is never modified by this package
// and may be shared between goroutines. The zero Agreement is not valid.
type Agreement struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Zone     string `json:"zone,omitempty"`     // IANA zone for periods, dates and notice; "" means UTC
	Currency string `json:"currency,omitempty"` // ISO 4217 code of every amount; required when any amount is given
	Rounding string `json:"rounding,omitempty"` // Rounding* constant; "" means RoundHalfAwayFromZero

	Owner    Owner     `json:"documentOwner"`
	Review   Review    `json:"review,omitzero"`
	Parties  []Party   `json:"parties"`
	Term     Term      `json:"term"`
	Versions []Version `json:"versions"` // at least one; see [Agreement.InForce]
	// History is the credit months settled before the first version
	// ([SettledMonth]), oldest first; caps and chronic failures count them.
	History []SettledMonth `json:"history,omitempty"`
}

// Rounding modes for money, applied once, to the currency's minor unit.
const (
	RoundHalfAwayFromZero = "halfAwayFromZero"
	RoundHalfEven         = "halfEven"
	RoundUp               = "up"      // away from zero
	RoundDown             = "down"    // towards zero
	RoundCeiling          = "ceiling" // towards +∞
	RoundFloor            = "floor"   // towards −∞
)

// Owner is the document owner (the relationship manager) who facilitates
// reviews and records amendments.
type Owner struct {
	Party  string `json:"party"`  // ID of a party
	Person string `json:"person"` // the name of one of that party's contacts
}

// Review says how often the document is reviewed. The zero Review means the
// agreement has no review cycle.
type Review struct {
	Every        period.Period `json:"every"`                 // e.g. P6M
	LastReviewed date.Date     `json:"lastReviewed,omitzero"` // zero: never; the term's first day counts
}

// Version is the content of the agreement from EffectiveFrom on: its
// calendars, services, objectives, obligations, exclusions and money rules.
// An amendment is a new Version. A version is in force in
// [EffectiveFrom, end) where end is EffectiveTo when set, otherwise the
// EffectiveFrom of the next version, otherwise the end of the term.
type Version struct {
	Version       string    `json:"version"`              // label, unique, e.g. "1", "2026-03 amendment"
	EffectiveFrom time.Time `json:"effectiveFrom"`        // RFC 3339 instant
	EffectiveTo   time.Time `json:"effectiveTo,omitzero"` // exclusive; zero: see above
	ApprovedBy    []string  `json:"approvedBy,omitempty"` // party IDs that agreed to it
	Changes       string    `json:"changes,omitempty"`    // what this version changed, for people

	Calendars   map[string]calendar.Spec `json:"calendars,omitempty"` // by name; referenced by services, objectives, exclusions
	Services    []Service                `json:"services"`
	Objectives  []Objective              `json:"objectives,omitempty"`
	Obligations []Obligation             `json:"obligations,omitempty"`
	Exclusions  []Exclusion              `json:"exclusions,omitempty"`
	Caps        []Cap                    `json:"caps,omitempty"`            // on all credits of this version together
	AtRisk      *AtRisk                  `json:"atRisk,omitempty"`          // at-risk pool; nil: none
	Chronic     []ChronicRule            `json:"chronicFailures,omitempty"` // see [ChronicRule]
	Claims      *Claims                  `json:"claims,omitempty"`          // nil: credits are applied without a claim
}
