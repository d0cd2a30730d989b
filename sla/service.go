package sla

import "github.com/shopspring/decimal"

// Service is one service provided under the agreement: by whom, in which
// hours, where, to what standard, what it includes and how it is priced.
type Service struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Provider    string   `json:"provider"`           // party ID
	Hours       string   `json:"hours,omitempty"`    // calendar name; "": around the clock (24×7)
	Location    string   `json:"location,omitempty"` // where it is performed, e.g. "remote, EU data centres"
	Standard    string   `json:"standard,omitempty"` // e.g. "ITIL v4", "ISO/IEC 20000-1"
	Includes    []string `json:"includes,omitempty"`
	Excludes    []string `json:"excludes,omitempty"`
	Pricing     *Pricing `json:"pricing,omitempty"` // nil: not charged (e.g. internal)
}

// Pricing models.
const (
	PricingFlat      = "flat"      // Amount per Per period
	PricingPerUnit   = "perUnit"   // Amount per Unit per Per period
	PricingGraduated = "graduated" // each tier's units at that tier's price
	PricingVolume    = "volume"    // all units at the price of the tier the total falls in
	PricingInvoice   = "invoice"   // the host supplies each period's charge
)

// Pricing is how a service is charged; the charge of a period is the base of
// credits expressed as a percentage of the charge. Credits are computed per
// month: a price per month is that month's charge, and a flat price per
// year costs a twelfth of it each month (the fees of a contract year for a
// chronic failure's basis contractYear). Other spans are not evaluated.
type Pricing struct {
	Model  string           `json:"model"`            // Pricing* constant
	Amount *decimal.Decimal `json:"amount,omitempty"` // flat and perUnit
	Per    string           `json:"per,omitempty"`    // Period* constant (week, month, quarter, year); "" only for invoice
	Unit   string           `json:"unit,omitempty"`   // perUnit, graduated, volume: what is counted ("seat", "ticket")
	Tiers  []PriceTier      `json:"tiers,omitempty"`  // graduated, volume: ascending UpTo, the last may be open
}

// PriceTier prices the units above the previous tier's UpTo and at most
// UpTo. A nil UpTo means no upper limit; only the last tier may omit it.
type PriceTier struct {
	UpTo  *decimal.Decimal `json:"upTo,omitempty"`
	Price decimal.Decimal  `json:"price"` // per unit
}
