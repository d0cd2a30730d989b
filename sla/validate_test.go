package sla

import (
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/rickb777/period"
)

// TestValidateRules changes one thing in a valid seed agreement and expects
// exactly the problems the rule in validate*.go names.
func TestValidateRules(t *testing.T) {
	const up = "versions[0].objectives[0]" // saas: uptime
	tests := []struct {
		name   string
		file   string
		change func(a *Agreement)
		want   []problem
	}{
		{"tiers not descending", "saas-uptime.json", func(a *Agreement) {
			a.Versions[0].Objectives[0].Penalties[0].Tiers[1].Below = dec("99.95")
		}, []problem{{up + ".penalties[0].tiers[1].below", ErrInvalid}}},
		{"amount with both percent and fixed", "saas-uptime.json", func(a *Agreement) {
			a.Versions[0].Objectives[0].Penalties[0].Tiers[0].Amount.Fixed = dec("5")
		}, []problem{{up + ".penalties[0].tiers[0].amount", ErrInvalid}}},
		{"rolling cap without periods", "saas-uptime.json", func(a *Agreement) {
			a.Versions[0].Objectives[0].Penalties[0].Caps[1].Periods = 0
		}, []problem{{up + ".penalties[0].caps[1].periods", ErrRange}}},
		{"tiers on a clock", "support-desk.json", func(a *Agreement) {
			r := &a.Versions[0].Objectives[0].Penalties[0]
			r.Kind, r.Amount, r.Tiers = PenaltyTiers, nil, []Tier{{Below: dec("99"), Amount: Amount{Fixed: dec("1")}}}
		}, []problem{{"versions[0].objectives[0].penalties[0].kind", ErrInvalid}}},
		{"percentage credit of an unpriced service", "sales-marketing-service.json", func(a *Agreement) {
			o := &a.Versions[0].Objectives[0]
			o.Penalties = []PenaltyRule{{ID: "r", Kind: PenaltyPerBreach, Amount: &Amount{Percent: dec("5")}}}
		}, []problem{{"versions[0].objectives[0].penalties[0].base", ErrInvalid}}},
		{"fixed amount without currency", "sales-marketing-service.json", func(a *Agreement) {
			o := &a.Versions[0].Objectives[0]
			o.Penalties = []PenaltyRule{{ID: "r", Kind: PenaltyPerBreach, Amount: &Amount{Fixed: dec("5")}}}
		}, []problem{{"currency", ErrMissing}}},
		{"chronic of an unknown objective, fewer periods than misses", "saas-uptime.json", func(a *Agreement) {
			c := &a.Versions[0].Chronic[0]
			c.Objective, c.OfAny = "downtime", 2
		}, []problem{{"versions[0].chronicFailures[0].objective", ErrUnknownRef}, {"versions[0].chronicFailures[0].ofAnyConsecutive", ErrRange}}},
		{"termination names an unknown chronic failure", "saas-uptime.json", func(a *Agreement) {
			a.Term.ForCause.Chronic = []string{"chronic-latency"}
		}, []problem{{"term.terminationForCause.chronicFailures[0]", ErrUnknownRef}}},
		{"pool weight of an unknown objective and allocation over 100", "saas-uptime.json", func(a *Agreement) {
			a.Versions[0].AtRisk.Weights[0].Objective = "nope"
			a.Versions[0].AtRisk.PoolAllocation = *dec("250")
		}, []problem{{"versions[0].atRisk.poolAllocation", ErrRange}, {"versions[0].atRisk.weights[0].objective", ErrUnknownRef}}},
		{"metric definition of another kind", "saas-uptime.json", func(a *Agreement) {
			a.Versions[0].Objectives[0].Metric.Volume = &Volume{Events: []Condition{{Kind: "x"}}, Aggregate: AggregateCount}
		}, []problem{{up + ".metric.volume", ErrInvalid}}},
		{"ratio of an availability objective", "saas-uptime.json", func(a *Agreement) {
			a.Versions[0].Objectives[2].Metric.Ratio.Of = "uptime"
		}, []problem{{"versions[0].objectives[2].metric.ratio.of", ErrInvalid}}},
		{"volume count target not whole", "sales-marketing-service.json", func(a *Agreement) {
			a.Versions[0].Objectives[0].Targets[1].Target.AtLeast = dec("49.5")
		}, []problem{{"versions[0].objectives[0].targets[1].target.atLeast", ErrInvalid}}},
		{"duplicate segment", "sales-marketing-service.json", func(a *Agreement) {
			a.Versions[0].Objectives[0].Targets[1].When = "A"
		}, []problem{{"versions[0].objectives[0].targets[1].when", ErrDuplicate}}},
		{"responsible person not a contact", "sales-marketing-service.json", func(a *Agreement) {
			a.Versions[0].Objectives[2].Responsible = "Joan"
		}, []problem{{"versions[0].objectives[2].responsible", ErrUnknownRef}}},
		{"deadline with two anchors", "sales-marketing-service.json", func(a *Agreement) {
			a.Versions[0].Objectives[2].Metric.Deadline.Anchor.Events = []Condition{{Kind: "x"}}
		}, []problem{{"versions[0].objectives[2].metric.deadline.after", ErrInvalid}}},
		{"attribute test with the wrong number of values", "sales-marketing-service.json", func(a *Agreement) {
			a.Versions[0].Objectives[2].Metric.Deadline.Done[0].Where[0].Values = nil
		}, []problem{{"versions[0].objectives[2].metric.deadline.done[0].where[0].values", ErrInvalid}}},
		{"periodic objective without a period", "sales-marketing-service.json", func(a *Agreement) {
			a.Versions[0].Objectives[0].Period = nil
		}, []problem{{"versions[0].objectives[0].period", ErrMissing}}},
		{"warning with both forms", "support-desk.json", func(a *Agreement) {
			a.Versions[0].Objectives[0].Metric.Clock.Warnings[0].Before = period.NewHMS(1, 0, 0)
		}, []problem{{"versions[0].objectives[0].metric.clock.warnings[0]", ErrInvalid}}},
		{"version before the term", "support-desk.json", func(a *Agreement) {
			a.Versions[0].EffectiveFrom = at("2025-12-01T00:00:00Z")
		}, []problem{{"versions[0].effectiveFrom", ErrRange}}},
		{"earliest version after the term starts", "support-desk.json", func(a *Agreement) {
			a.Versions[0].EffectiveFrom = at("2026-02-01T00:00:00Z")
		}, []problem{{"versions[0].effectiveFrom", ErrRange}}},
		{"renewal of an open-ended term", "sales-marketing-service.json", func(a *Agreement) {
			a.Term.Renewal = &Renewal{Every: period.NewYMD(1, 0, 0)}
		}, []problem{{"term.renewal", ErrInvalid}}},
		{"claim window in hours", "support-desk.json", func(a *Agreement) {
			a.Versions[0].Claims.Within = period.NewHMS(48, 0, 0)
		}, []problem{{"versions[0].claims.within", ErrUnit}}},
		{"duplicate party", "support-desk.json", func(a *Agreement) {
			a.Parties[1].ID = "helpco"
		}, []problem{
			{"parties[1].id", ErrDuplicate},
			// acme no longer exists: every reference to it is unknown.
			{"term.terminationWithoutCause.by[1]", ErrUnknownRef},
			{"versions[0].approvedBy[1]", ErrUnknownRef},
			{"versions[0].exclusions[0].party", ErrUnknownRef},
			{"versions[0].objectives[0].beneficiary", ErrUnknownRef},
			{"versions[0].objectives[1].beneficiary", ErrUnknownRef},
			{"versions[0].objectives[2].obligor", ErrUnknownRef},
			{"versions[0].objectives[3].obligor", ErrUnknownRef},
			{"versions[0].obligations[0].beneficiary", ErrUnknownRef},
			{"versions[0].obligations[1].party", ErrUnknownRef},
			{"versions[0].obligations[2].party", ErrUnknownRef},
			{"versions[0].obligations[3].party", ErrUnknownRef},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := mustLoad(t, tc.file)
			tc.change(&a)
			var got []problem
			for _, e := range Problems(a.Validate()) {
				got = append(got, problem{e.Path, e.Err})
			}
			want := slices.Clone(tc.want)
			sortProblems(want)
			sortProblems(got)
			if diff := gocmp.Diff(want, got, gocmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("Validate() problems mismatch (-want +got):\n%s\n%v", diff, a.Validate())
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	data := mustRead(b, "testdata/agreements/saas-uptime.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	data := mustRead(b, "testdata/agreements/saas-uptime.json")
	a, err := Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
