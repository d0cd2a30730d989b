package sla

import (
	"time"

	"github.com/rickb777/period"
)

// Term is how long the agreement runs and how it ends.
type Term struct {
	EffectiveFrom time.Time     `json:"effectiveFrom"`
	EffectiveTo   time.Time     `json:"effectiveTo,omitzero"` // exclusive; zero: open-ended
	Renewal       *Renewal      `json:"renewal,omitempty"`
	ForCause      *ForCause     `json:"terminationForCause,omitempty"`
	WithoutCause  *WithoutCause `json:"terminationWithoutCause,omitempty"`
}

// Renewal extends the term by Every at its end unless a party gives notice
// at least Notice before the end. Automatic false means renewal needs a new
// version agreed by the parties.
type Renewal struct {
	Every     period.Period `json:"every"`
	Notice    period.Period `json:"notice,omitzero"`
	Automatic bool          `json:"automatic,omitempty"`
}

// ForCause is termination for cause: a party in By may terminate when the
// other has breached, including any chronic failure named in Chronic, and
// has not cured it within Cure after notice.
type ForCause struct {
	By      []string      `json:"by"`                        // party IDs
	Chronic []string      `json:"chronicFailures,omitempty"` // IDs of chronic rules giving the right
	Cure    period.Period `json:"curePeriod,omitzero"`
	Notice  period.Period `json:"notice,omitzero"`
}

// WithoutCause is termination without cause (convenience): a party in By
// may end the agreement by giving Notice; with AtEndOf the end is moved to
// the end of the calendar period (e.g. month) in which the notice runs out.
type WithoutCause struct {
	By      []string      `json:"by"`
	Notice  period.Period `json:"notice"`
	AtEndOf string        `json:"atEndOf,omitempty"` // Period* constant other than rolling; "": no alignment
}
