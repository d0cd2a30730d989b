package sla

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/slaeval/slaeval/calendar"
)

func dec(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

func objective(t *testing.T, a Agreement, version int, id string) Objective {
	t.Helper()
	for _, o := range a.Versions[version].Objectives {
		if o.ID == id {
			return o
		}
	}
	t.Fatalf("objective %q not found in version %d", id, version)
	return Objective{}
}

// TestSeedSupportDesk checks that the support desk JSON says what the seed
// asks for: service hours 07:30–22:00, a 24-business-hour first response,
// resolution in days paused while pending on the customer.
func TestSeedSupportDesk(t *testing.T) {
	a := mustLoad(t, "support-desk.json")
	v := a.Versions[0]
	if diff := cmp.Diff(calendar.Spec{Hours: "Mon-Fri 07:30-22:00", Zone: "Europe/London", HolidaySets: []string{"GB-ENG"}}, v.Calendars["support-hours"]); diff != "" {
		t.Errorf("support-hours calendar mismatch (-want +got):\n%s", diff)
	}
	if v.Services[0].Hours != "support-hours" {
		t.Errorf("support service hours = %q, want support-hours", v.Services[0].Hours)
	}
	fr := objective(t, a, 0, "first-reply")
	if diff := cmp.Diff(&Target{Within: period.NewHMS(24, 0, 0), Unit: UnitBusiness}, fr.Target, cmpOpts); diff != "" {
		t.Errorf("first-reply target mismatch (-want +got):\n%s", diff)
	}
	res := objective(t, a, 0, "resolution")
	wantPause := []Condition{{Kind: "status-changed", Where: []AttrTest{{Attr: "status", Op: OpEquals, Values: []string{"pending"}}}}}
	if diff := cmp.Diff(wantPause, res.Metric.Clock.Pause); diff != "" {
		t.Errorf("resolution pause mismatch (-want +got):\n%s", diff)
	}
	wantTargets := []SegmentTarget{
		{When: "urgent", Target: Target{Within: period.NewYMD(0, 0, 1), Unit: UnitBusinessDays}},
		{When: "high", Target: Target{Within: period.NewYMD(0, 0, 3), Unit: UnitBusinessDays}},
	}
	if diff := cmp.Diff(wantTargets, res.Targets, cmpOpts); diff != "" || res.TargetBy != "priority" {
		t.Errorf("resolution targets by %q mismatch (-want +got):\n%s", res.TargetBy, diff)
	}
	if res.Obligor != "helpco" || objective(t, a, 0, "customer-answers").Obligor != "acme" || res.ExcusedBy[0] != "customer-answers" {
		t.Errorf("resolution should be owed by helpco and excused by the customer's late answers")
	}
}

// TestSeedSaaS: 99.9% monthly uptime, maintenance excluded, tiered credits
// with caps, and a chronic failure giving a termination right.
func TestSeedSaaS(t *testing.T) {
	a := mustLoad(t, "saas-uptime.json")
	up := objective(t, a, 0, "uptime")
	if !up.Target.AtLeast.Equal(decimal.RequireFromString("99.9")) || up.Period.Kind != PeriodMonth {
		t.Errorf("uptime target = %v per %q, want at least 99.9 per month", up.Target.AtLeast, up.Period.Kind)
	}
	if diff := cmp.Diff([]string{"maintenance", "force-majeure", "customer-caused"}, up.Exclusions); diff != "" {
		t.Errorf("uptime exclusions mismatch (-want +got):\n%s", diff)
	}
	wantRule := PenaltyRule{ID: "uptime-credits", Kind: PenaltyTiers,
		Tiers: []Tier{
			{Below: dec("99.9"), Amount: Amount{Percent: dec("10")}},
			{Below: dec("99"), Amount: Amount{Percent: dec("25")}},
			{Below: dec("95"), Amount: Amount{Percent: dec("100")}},
		},
		Caps: []Cap{
			{Over: CapPeriod, Limit: Amount{Percent: dec("50")}},
			{Over: CapRolling, Periods: 12, Limit: Amount{Percent: dec("10")}},
		}}
	if diff := cmp.Diff(wantRule, up.Penalties[0], cmpOpts); diff != "" {
		t.Errorf("uptime credits mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"chronic-uptime"}, a.Term.ForCause.Chronic); diff != "" {
		t.Errorf("termination for cause mismatch (-want +got):\n%s", diff)
	}
	if c := a.Versions[0].Chronic[0]; c.Objective != "uptime" || c.Missed != 3 || c.OfAny != 6 {
		t.Errorf("chronic-uptime = %+v, want uptime missed 3 of any 6", c)
	}
}

// TestSeedInternal: marketing owes sales ≥ 50 qualified leads a month per
// quality level; Amy (Director of Sales) owes Joan (VP Service) a monthly
// friction report within 10 business days; customers owe payment on time.
func TestSeedInternal(t *testing.T) {
	a := mustLoad(t, "sales-marketing-service.json")
	leads := objective(t, a, 0, "qualified-leads")
	wantLeads := []SegmentTarget{{When: "A", Target: Target{AtLeast: dec("50")}}, {When: "B", Target: Target{AtLeast: dec("50")}}}
	if diff := cmp.Diff(wantLeads, leads.Targets, cmpOpts); diff != "" || leads.TargetBy != "quality" || leads.Obligor != "marketing" || leads.Beneficiary != "sales" {
		t.Errorf("qualified leads (%s→%s by %q) mismatch (-want +got):\n%s", leads.Obligor, leads.Beneficiary, leads.TargetBy, diff)
	}
	rep := objective(t, a, 0, "friction-report")
	if rep.Responsible != "Amy" || rep.Recipient != "Joan" || rep.Obligor != "sales" || rep.Beneficiary != "service" ||
		rep.Metric.Deadline.Anchor.PeriodEnd != PeriodMonth || rep.Target.Within.String() != "P10D" || rep.Target.Unit != UnitBusinessDays {
		t.Errorf("friction report = %+v, want Amy (sales) to Joan (service) within P10D business days of month end", rep)
	}
	pay := objective(t, a, 0, "invoice-paid")
	if pay.Obligor != "customers" || pay.Target.Within.String() != "P30D" || pay.Target.Unit != UnitWall {
		t.Errorf("invoice-paid = %+v, want customers within P30D wall", pay)
	}
}
