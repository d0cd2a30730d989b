package metric

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var april2026 = Period{Start: at("2026-04-01"), End: at("2026-05-01")} // 30 days = 43,200 minutes

func down(from, to string) Downtime { return Downtime{Period: Period{at(from), at(to)}} }

func TestAvailabilityMeasure(t *testing.T) {
	maintenance := Exclusion{Period: Period{at("2026-04-10 10:30"), at("2026-04-10 12:00")}, Reason: ReasonMaintenance, Announced: at("2026-04-03 09:00")}
	lateMaintenance := maintenance
	lateMaintenance.Announced = at("2026-04-09 10:30") // 24 h ahead, 5 days required
	tests := []struct {
		name   string
		reason string
		spec   AvailabilitySpec
		down   []Downtime
		excl   []Exclusion
		want   Availability
		pct    string // Attainment, truncated to 12 places
	}{
		{
			name: "Atlassian 43,200 minutes",
			reason: "Atlassian Cloud SLA example: a 30-day month has 43,200 minutes; 60 minutes down " +
				"gives 43,140 / 43,200 = 99.86% (99.8611… exactly)",
			down: []Downtime{down("2026-04-10 10:00", "2026-04-10 11:00")},
			want: Availability{Period: april2026, Service: 43200 * time.Minute, Down: 60 * time.Minute, Incidents: 1},
			pct:  "99.861111111111",
		},
		{
			name: "maintenance overlapping an incident",
			reason: "incident 10:00-11:00, announced maintenance 10:30-12:00: 90 min excluded from both sides; " +
				"30 min counted: (43,200 − 90 − 30) / (43,200 − 90) = 43,080 / 43,110",
			spec: AvailabilitySpec{MinNotice: 5 * 24 * time.Hour},
			down: []Downtime{down("2026-04-10 10:00", "2026-04-10 11:00")},
			excl: []Exclusion{maintenance},
			want: Availability{Period: april2026, Service: 43200 * time.Minute, Excluded: 90 * time.Minute, Down: 30 * time.Minute, Incidents: 1},
			pct:  "99.930410577592",
		},
		{
			name:   "maintenance announced too late",
			reason: "announced 24 h ahead, 5 days required: not excluded, the full hour counts",
			spec:   AvailabilitySpec{MinNotice: 5 * 24 * time.Hour},
			down:   []Downtime{down("2026-04-10 10:00", "2026-04-10 11:00")},
			excl:   []Exclusion{lateMaintenance},
			want:   Availability{Period: april2026, Service: 43200 * time.Minute, Down: 60 * time.Minute, Incidents: 1},
			pct:    "99.861111111111",
		},
		{
			name:   "overlapping incidents merge",
			reason: "10:00-10:45 and 10:30-11:00 are one 60-minute run",
			down:   []Downtime{down("2026-04-10 10:30", "2026-04-10 11:00"), down("2026-04-10 10:00", "2026-04-10 10:45")},
			want:   Availability{Period: april2026, Service: 43200 * time.Minute, Down: 60 * time.Minute, Incidents: 1},
			pct:    "99.861111111111",
		},
		{
			name:   "minimum downtime",
			reason: "runs of 4 min and 61 s are below the 5-minute minimum; a run of exactly 5 min counts: 43,195 / 43,200",
			spec:   AvailabilitySpec{MinDowntime: 5 * time.Minute},
			down: []Downtime{down("2026-04-10 10:00", "2026-04-10 10:04"), down("2026-04-11 10:00", "2026-04-11 10:01:01"),
				down("2026-04-12 10:00", "2026-04-12 10:05")},
			want: Availability{Period: april2026, Service: 43200 * time.Minute, Down: 5 * time.Minute, Incidents: 1},
			pct:  "99.988425925925", // 43,195 / 43,200
		},
		{
			name:   "customer-caused downtime excluded",
			reason: "2 h caused by the customer is excluded from both sides: 43,080 / 43,080 = 100",
			spec:   AvailabilitySpec{ExcludedCauses: []string{"customer"}},
			down:   []Downtime{{Period: Period{at("2026-04-10 10:00"), at("2026-04-10 12:00")}, Cause: "customer"}},
			want:   Availability{Period: april2026, Service: 43200 * time.Minute, Excluded: 120 * time.Minute},
			pct:    "100.000000000000",
		},
		{
			name:   "downtime clipped to the period",
			reason: "down from March 31 23:00 to April 1 01:00: only the April hour counts",
			down:   []Downtime{down("2026-03-31 23:00", "2026-04-01 01:00")},
			want:   Availability{Period: april2026, Service: 43200 * time.Minute, Down: 60 * time.Minute, Incidents: 1},
			pct:    "99.861111111111",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.spec.Measure(april2026, tc.down, tc.excl)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, r.Availability); diff != "" {
				t.Errorf("%s\nMeasure mismatch (-want +got):\n%s", tc.reason, diff)
			}
			pct, ok := r.Attainment()
			if !ok || !pct.Equal(dec(tc.pct)) {
				t.Errorf("Attainment() = %v, %v, want %s", pct, ok, tc.pct)
			}
		})
	}
}

func TestAvailabilityAtlassianRounded(t *testing.T) {
	r, err := AvailabilitySpec{}.Measure(april2026, []Downtime{down("2026-04-10 10:00", "2026-04-10 11:00")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pct, _ := r.Attainment()
	if got := pct.Round(2); !got.Equal(dec("99.86")) {
		t.Errorf("Attainment rounded = %v, want 99.86", got)
	}
}

func TestAvailabilityReported(t *testing.T) {
	maint := Exclusion{Period: Period{at("2026-04-10 10:30"), at("2026-04-10 12:00")}, Reason: ReasonMaintenance, Announced: at("2026-04-01")}
	late := Exclusion{Period: Period{at("2026-04-20 10:00"), at("2026-04-20 11:00")}, Reason: ReasonMaintenance, Announced: at("2026-04-20 09:00")}
	spec := AvailabilitySpec{MinNotice: 48 * time.Hour, MinDowntime: time.Minute, ExcludedCauses: []string{"force-majeure"}}
	fm := Downtime{Period: Period{at("2026-04-15 00:00"), at("2026-04-15 01:00")}, Cause: "force-majeure"}
	r, err := spec.Measure(april2026, []Downtime{down("2026-04-10 10:00", "2026-04-10 11:00"), down("2026-04-11 10:00", "2026-04-11 10:00:30"), fm}, []Exclusion{maint, late})
	if err != nil {
		t.Fatal(err)
	}
	want := AvailabilityResult{
		Availability: Availability{Period: april2026, Service: 43200 * time.Minute, Excluded: 150 * time.Minute, Down: 30 * time.Minute, Incidents: 1},
		// The maintenance removes 10:30-12:00, so the downtime period left
		// is 10:00-10:30 (after exclusions).
		Counted:  []Period{{at("2026-04-10 10:00"), at("2026-04-10 10:30")}},
		Short:    []Period{{at("2026-04-11 10:00"), at("2026-04-11 10:00:30")}},
		Applied:  []Exclusion{{Period: fm.Period, Reason: "force-majeure"}, maint},
		Rejected: []Exclusion{late},
	}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("Measure detail mismatch (-want +got):\n%s", diff)
	}
}

func TestAvailabilityErrors(t *testing.T) {
	_, err := AvailabilitySpec{}.Measure(april2026, []Downtime{down("2026-04-10 11:00", "2026-04-10 10:00")}, nil)
	if !errors.Is(err, ErrNegative) {
		t.Errorf("inverted downtime: error = %v, want ErrNegative", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Where != "down[0]" {
		t.Errorf("inverted downtime: error = %#v, want *Error at down[0]", err)
	}
	empty, err := AvailabilitySpec{}.Measure(Period{at("2026-04-01"), at("2026-04-01")}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := empty.Attainment(); ok {
		t.Errorf("Attainment of an empty period: ok = true, want false")
	}
}

func TestDowntimeFromEvents(t *testing.T) {
	downC := []Condition{{Kinds: []string{"down"}}}
	upC := []Condition{{Kinds: []string{"up"}}}
	got, err := DowntimeFromEvents([]Event{
		ev("down", "2026-04-10 10:00", "cause", "network"),
		ev("down", "2026-04-10 10:10"), // already down: no new span
		ev("up", "2026-04-10 10:30"),
		ev("up", "2026-04-10 10:40"), // already up
		ev("down", "2026-04-30 23:00"),
	}, downC, upC, "cause", april2026.End)
	if err != nil {
		t.Fatal(err)
	}
	want := []Downtime{
		{Period: Period{at("2026-04-10 10:00"), at("2026-04-10 10:30")}, Cause: "network"},
		{Period: Period{at("2026-04-30 23:00"), at("2026-05-01")}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DowntimeFromEvents mismatch (-want +got):\n%s", diff)
	}
	_, err = DowntimeFromEvents([]Event{ev("down", "2026-04-10 10:00"), ev("up", "2026-04-10 09:00")}, downC, upC, "", april2026.End)
	if !errors.Is(err, ErrOutOfOrder) {
		t.Errorf("out of order: error = %v, want ErrOutOfOrder", err)
	}
}

func TestErrorRate(t *testing.T) {
	hour := Period{at("2026-04-10 10:00"), at("2026-04-10 11:00")}
	slice := func(min int, total, failed int64) SliceCount {
		return SliceCount{Start: hour.Start.Add(time.Duration(min) * time.Minute), Total: total, Failed: failed}
	}
	spec := ErrorRateSpec{Slice: time.Minute, Threshold: dec("5"), MinRequests: 10}
	tests := []struct {
		name        string
		reason      string
		counts      []SliceCount
		wantDown    int64
		wantUptime  string
		wantAverage string
	}{
		{"exactly at threshold", "5 of 100 failed is 5%, not above 5%: up; average 100 − 5/60",
			[]SliceCount{slice(0, 100, 5)}, 0, "100.000000000000", "99.916666666666"},
		{"just above threshold", "6 of 100 = 6% > 5%: down; uptime 59/60; average 100 − 6/60 = 99.9",
			[]SliceCount{slice(0, 100, 6)}, 1, "98.333333333333", "99.900000000000"},
		{"below minimum volume", "9 requests all failed, minimum 10: not assessed, up",
			[]SliceCount{slice(0, 9, 9)}, 0, "100.000000000000", "100.000000000000"},
		{"shards of one slice add up", "50 with 5 failed + 50 with 0 failed = 5 of 100: up; rate 5%",
			[]SliceCount{slice(3, 50, 5), slice(3, 50, 0)}, 0, "100.000000000000", "99.916666666666"},
		{"two bad minutes", "10% and 2%: one down; uptime 59/60; average 100 − 12/60 = 99.8",
			[]SliceCount{slice(1, 200, 20), slice(2, 100, 2)}, 1, "98.333333333333", "99.800000000000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := spec.Measure(hour, tc.counts)
			if err != nil {
				t.Fatal(err)
			}
			if r.Slices != 60 || r.DownSlices != tc.wantDown {
				t.Errorf("%s: slices %d down %d, want 60 and %d", tc.reason, r.Slices, r.DownSlices, tc.wantDown)
			}
			up, _ := r.Uptime()
			if !up.Equal(dec(tc.wantUptime)) {
				t.Errorf("%s: Uptime() = %v, want %s", tc.reason, up, tc.wantUptime)
			}
			avg, _ := r.AverageUptime()
			// 100 − 5/60 = 99.91666…, truncated at the 12th place.
			if !avg.Equal(dec(tc.wantAverage)) {
				t.Errorf("%s: AverageUptime() = %v, want %s", tc.reason, avg, tc.wantAverage)
			}
		})
	}
	bad := []struct {
		name   string
		spec   ErrorRateSpec
		counts []SliceCount
		want   error
	}{
		{"zero slice", ErrorRateSpec{}, nil, ErrInvalid},
		{"negative count", spec, []SliceCount{slice(0, -1, 0)}, ErrNegative},
		{"failed above total", spec, []SliceCount{slice(0, 1, 2)}, ErrInvalid},
		{"off boundary", spec, []SliceCount{{Start: hour.Start.Add(30 * time.Second), Total: 1}}, ErrInvalid},
		{"outside period", spec, []SliceCount{slice(60, 1, 0)}, ErrInvalid},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.spec.Measure(hour, tc.counts); !errors.Is(err, tc.want) {
				t.Errorf("Measure error = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestMinDowntimeAfterExclusions pins the rule that a minimum downtime
// period is judged on the downtime that remains after exclusions, whichever
// way an exclusion is stated. The wording is Google Cloud's ("Downtime
// Period: a period of ten consecutive minutes of Downtime. Intermittent
// Downtime for a period of less than ten minutes will not be counted", with
// SLA exclusions not Downtime): consecutive minutes of downtime, so an
// excluded stretch is not part of a downtime period.
//
// Every case has the minimum at 10 minutes in April 2026 (43,200 minutes,
// 24×7). The outage runs 10:00-10:12 on 10 April; its first 5 minutes are
// excluded, stated three ways: as a downtime record with an excluded cause
// (10:00-10:05 "customer", 10:05-10:12 no cause), as an exclusion span
// 10:00-10:05, and as maintenance announced a week ahead with a 5-day
// notice. What remains is 10:05-10:12, 7 consecutive minutes < 10: it does
// not count (Down 0, Short 10:05-10:12), and the 5 minutes are excluded.
func TestMinDowntimeAfterExclusions(t *testing.T) {
	const day = "2026-04-10 "
	spec := AvailabilitySpec{MinDowntime: 10 * time.Minute, ExcludedCauses: []string{"customer"}, MinNotice: 5 * 24 * time.Hour}
	outage := down(day+"10:00", day+"10:12")
	first5 := Period{at(day + "10:00"), at(day + "10:05")}
	customer := Downtime{Period: first5, Cause: "customer"}
	span := Exclusion{Period: first5, Reason: "other"}
	maint := Exclusion{Period: first5, Reason: ReasonMaintenance, Announced: at("2026-04-03 10:00")}
	// sevenLeft is the result when 7 minutes remain after applied.
	sevenLeft := func(applied Exclusion) AvailabilityResult {
		return AvailabilityResult{
			Availability: Availability{Period: april2026, Service: 43200 * time.Minute, Excluded: 5 * time.Minute},
			Short:        []Period{{at(day + "10:05"), at(day + "10:12")}},
			Applied:      []Exclusion{applied},
		}
	}
	tests := []struct {
		name   string
		reason string
		down   []Downtime
		excl   []Exclusion
		want   AvailabilityResult
	}{
		{
			name:   "cause",
			reason: "10:00-10:05 has an excluded cause; 10:05-10:12 is 7 min < 10: nothing counts, 5 min excluded",
			down:   []Downtime{customer, down(day+"10:05", day+"10:12")},
			want:   sevenLeft(Exclusion{Period: first5, Reason: "customer"}),
		},
		{
			name:   "exclusion span",
			reason: "the 12-minute outage less the 5-minute span is 7 consecutive minutes < 10: nothing counts",
			down:   []Downtime{outage},
			excl:   []Exclusion{span},
			want:   sevenLeft(span),
		},
		{
			name:   "maintenance window",
			reason: "announced 7 days ahead (5 required), so applied: again 7 minutes remain, < 10",
			down:   []Downtime{outage},
			excl:   []Exclusion{maint},
			want:   sevenLeft(maint),
		},
		{
			name: "long enough after exclusions",
			reason: "a 20-minute outage 10:00-10:20 with the same 5 minutes excluded leaves 15 ≥ 10: " +
				"15 min down, one incident; (43,200 − 5 − 15) / (43,200 − 5)",
			down: []Downtime{down(day+"10:00", day+"10:20")},
			excl: []Exclusion{span},
			want: AvailabilityResult{
				Availability: Availability{Period: april2026, Service: 43200 * time.Minute, Excluded: 5 * time.Minute, Down: 15 * time.Minute, Incidents: 1},
				Counted:      []Period{{at(day + "10:05"), at(day + "10:20")}},
				Applied:      []Exclusion{span},
			},
		},
		{
			name: "excluded stretch in the middle",
			reason: "10:00-10:14 with 10:06-10:08 excluded is two downtime periods of 6 minutes, " +
				"not consecutive: each < 10, so nothing counts",
			down: []Downtime{down(day+"10:00", day+"10:14")},
			excl: []Exclusion{{Period: Period{at(day + "10:06"), at(day + "10:08")}, Reason: "other"}},
			want: AvailabilityResult{
				Availability: Availability{Period: april2026, Service: 43200 * time.Minute, Excluded: 2 * time.Minute},
				Short:        []Period{{at(day + "10:00"), at(day + "10:06")}, {at(day + "10:08"), at(day + "10:14")}},
				Applied:      []Exclusion{{Period: Period{at(day + "10:06"), at(day + "10:08")}, Reason: "other"}},
			},
		},
		{
			name: "maintenance announced too late",
			reason: "announced 1 day ahead (5 required): not applied, so the whole 12 minutes are one " +
				"downtime period ≥ 10 and count",
			down: []Downtime{outage},
			excl: []Exclusion{{Period: first5, Reason: ReasonMaintenance, Announced: at("2026-04-09 10:00")}},
			want: AvailabilityResult{
				Availability: Availability{Period: april2026, Service: 43200 * time.Minute, Down: 12 * time.Minute, Incidents: 1},
				Counted:      []Period{outage.Period},
				Rejected:     []Exclusion{{Period: first5, Reason: ReasonMaintenance, Announced: at("2026-04-09 10:00")}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := spec.Measure(april2026, tc.down, tc.excl)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nMeasure mismatch (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}
