package sla

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
)

// TestBillingTerms evaluates testdata/agreements/billing-terms.json: a
// platform priced EUR 120,000 a year (EUR 10,000 a credit month), uptime
// tiers "below 99.9% 10%, below 99% 25% of the monthly charge" capped at EUR
// 3,000 per calendar quarter, every credit capped at EUR 10,000 per contract
// year (from 1 April 2026, Paris), and the persistent-failure clause of
// issue 18: "5% of the contract year's annual fees per 10 failures in a
// rolling 12 months" (here: breached P1 acknowledgements), and a right to
// terminate when "the maximum monthly credit (25%) was reached in 3 of any
// 6 months" (issue 18).
//
// Derived by hand, months in Paris (CEST, no DST change April–September):
//   - April (720 h): 8 h down → 100 × 712 / 720 = 98.89 < 99 → 25% = 2,500;
//     quarter room 3,000, contract-year room 10,000 → 2,500.
//   - May (744 h): 1 h down → 99.87 < 99.9 → 10% = 1,000; quarter room
//     3,000 − 2,500 = 500 → 500. A P1 opened Wed 13 May 17:00 and
//     acknowledged Fri 15 May 10:00 took 2 business hours, as Thursday 14 May
//     is Ascension Day (FR): met, no failure.
//   - June: nothing → 0.
//   - July (744 h): 8 h down → 98.92 → 2,500 (a new quarter: room 3,000);
//     contract-year room 10,000 − 3,000 = 7,000 → 2,500. Four P1s breached
//     (opened 09:00, acknowledged 16:00: 7 business hours).
//   - August: six P1s breached → 10 in the 12 months → the clause arises:
//     5% × 120,000 = 6,000; contract-year room 10,000 − 5,500 = 4,500 →
//     4,500.
//   - September (720 h): 8 h down → 2,500; quarter room 3,000 − 2,500 =
//     500, contract-year room 0 → 0.
//
// The monthly maximum, 25% = 2,500, listed before the quarterly cap, was
// reached in April, July and September (not in May: 1,000): the third in
// six months gives the termination right at the end of September.
func TestBillingTerms(t *testing.T) {
	a := loadSeed(t, "billing-terms.json")
	a.History = nil // without the months settled before the term
	es := billingEvents()
	r, err := Evaluate(a, seq(es), mustTime(t, "2026-10-01T00:00:00+02:00"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Input.Applied != int64(len(es)) {
		t.Fatalf("Input = %+v, want all %d events applied", r.Input, len(es))
	}
	type month struct {
		Start, Charge, Credit string
		Lines                 []string
	}
	var got []month
	for _, pp := range r.Penalties {
		m := month{Start: pp.Period.Start.Format("2006-01"), Credit: pp.Credit.String()}
		for _, c := range pp.Charges {
			m.Charge = c.Amount.String()
		}
		for _, l := range pp.Lines {
			m.Lines = append(m.Lines, l.Source+" "+l.Raw.String()+" → "+l.Amount.String())
		}
		got = append(got, m)
	}
	want := []month{
		{"2026-04", "EUR 10000.00", "EUR 2500.00", []string{"uptime-credits EUR 2500.00 → EUR 2500.00"}},
		{"2026-05", "EUR 10000.00", "EUR 500.00", []string{"uptime-credits EUR 1000.00 → EUR 500.00"}},
		{"2026-06", "EUR 10000.00", "EUR 0.00", nil},
		{"2026-07", "EUR 10000.00", "EUR 2500.00", []string{"uptime-credits EUR 2500.00 → EUR 2500.00"}},
		{"2026-08", "EUR 10000.00", "EUR 4500.00", []string{"persistent-failure EUR 6000.00 → EUR 4500.00"}},
		{"2026-09", "EUR 10000.00", "EUR 0.00", []string{"uptime-credits EUR 2500.00 → EUR 0.00"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("credit months (-want +got):\n%s", diff)
	}
	if want := penalty.MustParseMoney("EUR 10000.00"); !r.Credit.Equal(want) {
		t.Errorf("total credit = %v, want %v", r.Credit, want)
	}
	// INC-1 across Ascension Day: 17:00–18:00 Wednesday and 09:00–10:00
	// Friday, 2 business hours; without the FR holidays it would be 11.
	if so, ok := findSubject(r, "incident", "INC-1", "incident-response"); !ok || so.State != StateMet || so.Elapsed != 2*hour {
		t.Errorf("INC-1 = %+v, want met after 2 business hours", so)
	}
	checkRights(t, r, "persistent-failure 2026-08", "uptime-max-reached 2026-09")
}

// TestBillingTermsValidation edits billing-terms.json and checks each
// problem is reported at its path with its sentinel.
func TestBillingTermsValidation(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*Agreement)
		path     string
		sentinel error
	}{
		{"quarter cap with periods", func(a *Agreement) { a.Versions[0].Caps[0].Over, a.Versions[0].Caps[0].Periods = CapQuarter, 3 },
			"versions[0].caps[0].periods", ErrInvalid},
		{"unknown cap window", func(a *Agreement) { a.Versions[0].Caps[0].Over = "decade" }, "versions[0].caps[0].over", ErrInvalid},
		{"unknown basis", func(a *Agreement) { a.Versions[0].Chronic[0].Basis = "decade" }, "versions[0].chronicFailures[0].basis", ErrInvalid},
		{"year fees of a fixed credit", func(a *Agreement) {
			f := decimalPtr("100")
			a.Versions[0].Chronic[0].Credit = &Amount{Fixed: f}
		}, "versions[0].chronicFailures[0].basis", ErrInvalid},
		{"year fees of a monthly price", func(a *Agreement) { a.Versions[0].Services[0].Pricing.Per = PeriodMonth },
			"versions[0].chronicFailures[0].basis", ErrInvalid},
		{"basis without a credit", func(a *Agreement) { a.Versions[0].Chronic[0].Credit = nil }, "versions[0].chronicFailures[0].base", ErrInvalid},
		{"reached cap unknown", func(a *Agreement) { a.Versions[0].Chronic[1].CapReached = "yearly-max" }, "versions[0].chronicFailures[1].capReached", ErrUnknownRef},
		{"reached cap counts months", func(a *Agreement) { a.Versions[0].Chronic[1].CountBreaches = true }, "versions[0].chronicFailures[1].countBreaches", ErrInvalid},
	}
	for _, tc := range tests {
		a := loadSeed(t, "billing-terms.json")
		tc.edit(&a)
		ps := Problems(a.Validate())
		if len(ps) != 1 || ps[0].Path != tc.path || !errors.Is(ps[0], tc.sentinel) {
			t.Errorf("%s: Validate() = %v, want one problem at %s (%v)", tc.name, ps, tc.path, tc.sentinel)
		}
	}
	// A yearly price is evaluated for flat pricing only.
	a := loadSeed(t, "billing-terms.json")
	a.Versions[0].Chronic = nil
	a.Term.ForCause = nil
	a.Versions[0].Services[0].Pricing = &Pricing{Model: PricingPerUnit, Amount: decimalPtr("10"), Per: PeriodYear, Unit: "seat"}
	_, err := NewEvaluator(a)
	var e *Error
	if !errors.Is(err, ErrUnsupported) || !errors.As(err, &e) || e.Path != "versions[0].services.platform.pricing.per" {
		t.Errorf("NewEvaluator(per-unit price per year) = %v, want ErrUnsupported at versions[0].services.platform.pricing.per", err)
	}
}

func decimalPtr(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// billingEvents are the events of TestBillingTerms.
func billingEvents() []Event {
	var es []Event
	n := 0
	add := func(typ, subj, kind, at string, attrs ...string) {
		n++
		es = append(es, evt(fmt.Sprint("e", n), typ, subj, kind, at, attrs...))
	}
	outage := func(from, to string) {
		add("service", "platform", "down", from, "service", "platform")
		add("service", "platform", "up", to, "service", "platform")
	}
	incident := func(id, opened, acked string) {
		add("incident", id, "incident-opened", opened, "priority", "P1")
		add("incident", id, "incident-acknowledged", acked, "priority", "P1")
	}
	outage("2026-04-10T08:00:00+02:00", "2026-04-10T16:00:00+02:00")
	outage("2026-05-05T10:00:00+02:00", "2026-05-05T11:00:00+02:00")
	incident("INC-1", "2026-05-13T17:00:00+02:00", "2026-05-15T10:00:00+02:00")
	for i, d := range []string{"06", "07", "08", "09"} {
		incident(fmt.Sprint("JUL-", i), "2026-07-"+d+"T09:00:00+02:00", "2026-07-"+d+"T16:00:00+02:00")
	}
	outage("2026-07-20T08:00:00+02:00", "2026-07-20T16:00:00+02:00")
	for i, d := range []string{"03", "04", "05", "06", "07", "10"} {
		incident(fmt.Sprint("AUG-", i), "2026-08-"+d+"T09:00:00+02:00", "2026-08-"+d+"T16:00:00+02:00")
	}
	outage("2026-09-15T08:00:00+02:00", "2026-09-15T16:00:00+02:00")
	return es
}

// TestBillingTermsHistory: billing-terms.json as written, migrated from
// another system, whose February and March 2026 (before the term) are given
// as settled history: in each the monthly maximum was reached (credits of 2,500 on a
// 10,000 charge), and March had six breached P1s. By hand, with the events
// of TestBillingTerms:
//   - "maximum reached in 3 of any 6 months": February, March, April → the
//     right arises at the end of April (and those three are used up; July
//     and September make only two more).
//   - persistent failure: March 6 + July 4 = 10 within 12 months → arises
//     at the end of July: 6,000. July's credits, 2,500 + 6,000 = 8,500, meet
//     the contract-year cap's room 10,000 − 2,500 − 500 = 7,000 and are cut
//     pro rata: 2,500 × 7,000 / 8,500 = 2,058.82… and 4,941.17…; rounded
//     to 7,000.00 the cent of residue goes to the larger remainder:
//     2,058.82 and 4,941.18. August's six breaches make no ten. September
//     credits nothing (contract-year room 0).
//   - The history months are in the contract year before the term and the
//     first calendar quarter, so they count toward neither cap.
func TestBillingTermsHistory(t *testing.T) {
	a := loadSeed(t, "billing-terms.json")
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	r, err := Evaluate(a, seq(billingEvents()), mustTime(t, "2026-10-01T00:00:00+02:00"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pp := range r.Penalties {
		for _, l := range pp.Lines {
			got = append(got, pp.Period.Start.Format("2006-01")+" "+l.Source+" "+l.Amount.String())
		}
	}
	want := []string{
		"2026-04 uptime-credits EUR 2500.00",
		"2026-05 uptime-credits EUR 500.00",
		"2026-07 uptime-credits EUR 2058.82",
		"2026-07 persistent-failure EUR 4941.18",
		"2026-09 uptime-credits EUR 0.00",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("credit lines (-want +got):\n%s", diff)
	}
	checkRights(t, r, "uptime-max-reached 2026-04", "persistent-failure 2026-07")
	var months []string
	for _, h := range r.History {
		months = append(months, h.Period.Start.Format(time.RFC3339)+" "+h.Charges["platform"].String())
	}
	if diff := cmp.Diff([]string{"2026-02-01T00:00:00+01:00 EUR 10000.00", "2026-03-01T00:00:00+01:00 EUR 10000.00"}, months); diff != "" {
		t.Errorf("Report.History (-want +got):\n%s", diff)
	}
}

func TestHistoryValidation(t *testing.T) {
	ok := SettledMonth{Month: "2026-03", Charges: map[string]decimal.Decimal{"platform": decimal.NewFromInt(10000)}}
	tests := []struct {
		name    string
		history []SettledMonth
		path    string
		want    error
	}{
		{"not a month", []SettledMonth{{Month: "March 2026"}}, "history[0].month", ErrInvalid},
		{"not before the term", []SettledMonth{{Month: "2026-04"}}, "history[0].month", ErrRange},
		{"out of order", []SettledMonth{ok, {Month: "2026-02"}}, "history[1].month", ErrInvalid},
		{"unknown service", []SettledMonth{{Month: "2026-03", Charges: map[string]decimal.Decimal{"storage": decimal.NewFromInt(1)}}}, "history[0].charges.storage", ErrUnknownRef},
		{"unknown credit source", []SettledMonth{{Month: "2026-03", Credits: map[string]decimal.Decimal{"sla-credit": decimal.NewFromInt(1)}}}, "history[0].credits.sla-credit", ErrUnknownRef},
		{"negative credit", []SettledMonth{{Month: "2026-03", Credits: map[string]decimal.Decimal{"uptime-credits": decimal.NewFromInt(-1)}}}, "history[0].credits.uptime-credits", ErrRange},
		{"unknown cap", []SettledMonth{{Month: "2026-03", CapsReached: []string{"yearly-max"}}}, "history[0].capsReached.yearly-max", ErrUnknownRef},
		{"negative breaches", []SettledMonth{{Month: "2026-03", Breaches: map[string]int{"incident-response": -1}}}, "history[0].breaches.incident-response", ErrRange},
		{"too many", slices.Repeat([]SettledMonth{ok}, 121), "history", ErrRange},
	}
	for _, tc := range tests {
		a := loadSeed(t, "billing-terms.json")
		a.History = tc.history
		ps := Problems(a.Validate())
		if len(ps) != 1 || ps[0].Path != tc.path || !errors.Is(ps[0], tc.want) {
			t.Errorf("%s: Validate() = %v, want one problem at %s (%v)", tc.name, ps, tc.path, tc.want)
		}
	}
}

// TestHistoryTooPrecise: an amount the penalty package cannot compute with
// is an error when the evaluator is built, not a missing report line.
func TestHistoryTooPrecise(t *testing.T) {
	a := loadSeed(t, "billing-terms.json")
	a.History[0].Credits["uptime-credits"] = decimal.RequireFromString("1e-40")
	_, err := NewEvaluator(a)
	var e *Error
	if !errors.As(err, &e) || e.Path != "history" || !errors.Is(err, ErrInvalid) {
		t.Errorf("NewEvaluator(history with 1e-40) = %v, want ErrInvalid at history", err)
	}
}

// checkRights compares the termination rights of r, as "clause month".
func checkRights(t *testing.T, r Report, want ...string) {
	t.Helper()
	var rights []string
	for _, term := range r.Terminations {
		rights = append(rights, term.Chronic+" "+term.Period.Start.Format("2006-01"))
	}
	if diff := cmp.Diff(want, rights); diff != "" {
		t.Errorf("termination rights (-want +got):\n%s", diff)
	}
}
