package sla

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
)

// latenessJSON: a desk open Mon-Fri 08:00-16:00 UTC. "fix" is due within 4
// business hours, with a penalty of 10.00 per hour late (written "per PT1H
// wall"); "due-date" is due two calendar days after opening, moved to the
// next opening when that falls in closed hours (ServiceNow's "breach on due
// date" on a schedule).
var latenessJSON = helpdeskAgreement("lateness", `
    "calendars": {"office": {"hours": "Mon-Fri 08:00-16:00", "zone": "UTC"}},
    "services": [{"id": "desk", "name": "Desk", "provider": "helpdesk", "hours": "office"}],
    "objectives": [
      {"id": "fix", "name": "Fixed within 4 business hours", "obligor": "helpdesk", "beneficiary": "acme", "service": "desk",
       "scope": {"subject": "ticket"},
       "metric": {"kind": "deadline", "deadline": {"after": {"events": [{"kind": "opened"}]}, "done": [{"kind": "fixed"}]}},
       "target": {"within": "PT4H", "unit": "business"},
       "penalties": [{"id": "late-fix", "kind": "perUnitLate", "amount": {"fixed": "10.00"}, "per": "PT1H", "unit": "wall"}]},
      {"id": "due-date", "name": "Closed by the due date", "obligor": "helpdesk", "beneficiary": "acme", "service": "desk",
       "scope": {"subject": "change"},
       "metric": {"kind": "deadline", "deadline": {"after": {"events": [{"kind": "requested"}]}, "done": [{"kind": "closed"}]}},
       "target": {"within": "P2D", "unit": "wallNextOpen"}}
    ]`)

// helpdeskAgreement is an agreement in UTC between Helpdesk Co (provider)
// and Acme Ltd (customer) from 1 January 2026, whose one version has the
// given JSON members (calendars, services, objectives).
func helpdeskAgreement(id, version string) string {
	return `{
  "id": "` + id + `", "title": "` + id + `", "zone": "UTC", "currency": "GBP",
  "documentOwner": {"party": "helpdesk", "person": "Ann"},
  "parties": [
    {"id": "helpdesk", "name": "Helpdesk Co", "role": "provider", "contacts": [{"name": "Ann"}]},
    {"id": "acme", "name": "Acme Ltd", "role": "customer", "contacts": [{"name": "Raj"}]}
  ],
  "term": {"effectiveFrom": "2026-01-01T00:00:00Z"},
  "versions": [{"version": "1", "effectiveFrom": "2026-01-01T00:00:00Z",` + version + `}]
}`
}

// TestDeadlineLatenessInTargetUnit: issue 15, items 3 and 6, on the desk
// above (2 March 2026 is a Monday).
//
// fix (4 business hours): T1 and T2 open Wed 4 March 12:00, due at the
// 16:00 closing (12-16 is 4 h). T1 is fixed at 20:30, in closed hours
// before Thursday's opening: met, as a clock stopped there is. T2 is
// fixed Thu 09:30: 1h30m of open time after due (08:00-09:30), 17h30m of
// wall time; the penalty charges the target's unit, 1.5 h × 10.00 = 15.00
// (per wall hour it would be 175.00).
//
// due-date (P2D wallNextOpen): C1 and C2 requested Mon 2 March 20:30; two
// days later is Wed 4 March 20:30, closed, so due Thu 5 March 08:00. C1
// is closed Thu 07:59: met (with unit wall, due Wed 20:30, it would have
// been missed). C2 is closed Thu 08:30: 30 min late, in wall time and on
// the calendar alike.
func TestDeadlineLatenessInTargetUnit(t *testing.T) {
	a, err := Decode([]byte(latenessJSON))
	if err != nil {
		t.Fatal(err)
	}
	es := []Event{
		evt("c1o", "change", "C1", "requested", "2026-03-02T20:30:00Z"),
		evt("c2o", "change", "C2", "requested", "2026-03-02T20:30:00Z"),
		evt("t1o", "ticket", "T1", "opened", "2026-03-04T12:00:00Z"),
		evt("t2o", "ticket", "T2", "opened", "2026-03-04T12:00:00Z"),
		evt("t1f", "ticket", "T1", "fixed", "2026-03-04T20:30:00Z"),
		evt("c1c", "change", "C1", "closed", "2026-03-05T07:59:00Z"),
		evt("c2c", "change", "C2", "closed", "2026-03-05T08:30:00Z"),
		evt("t2f", "ticket", "T2", "fixed", "2026-03-05T09:30:00Z"),
	}
	r, err := Evaluate(a, seq(es), mustTime(t, "2026-04-01T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	checkDeadlines(t, r, []deadlineCase{
		{"done in closed hours after due", "ticket", "T1", "fix", "2026-03-04T16:00:00Z", StateMet, 0, 0},
		{"done 1h30m of business time late", "ticket", "T2", "fix", "2026-03-04T16:00:00Z", StateBreached, 17*time.Hour + 30*time.Minute, 90 * time.Minute},
		{"due moved to the next opening, met", "change", "C1", "due-date", "2026-03-05T08:00:00Z", StateMet, 0, 0},
		{"due moved to the next opening, late", "change", "C2", "due-date", "2026-03-05T08:00:00Z", StateBreached, 30 * time.Minute, 30 * time.Minute},
	})
	var found bool
	for _, pp := range r.Penalties {
		for _, l := range pp.Lines {
			if l.Source != "late-fix" {
				continue
			}
			found = true
			if !l.Units.Equal(decimal.RequireFromString("1.5")) || !l.Amount.Amount.Equal(decimal.RequireFromString("15")) {
				t.Errorf("late-fix line = %v (units %v), want 1.5 business hours × 10.00 = 15.00", l, l.Units)
			}
		}
	}
	if !found {
		t.Errorf("no late-fix penalty line in %+v", r.Penalties)
	}
}

// deadlineCase is the expected single deadline item of a subject under an
// objective.
type deadlineCase struct {
	name, typ, id, obj string
	due, state         string
	late, lateBusiness time.Duration
}

func checkDeadlines(t *testing.T, r Report, cases []deadlineCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			so, ok := findSubject(r, tc.typ, tc.id, tc.obj)
			if !ok || len(so.Deadlines) != 1 {
				t.Fatalf("%s %s: %+v, want one deadline", tc.id, tc.obj, so)
			}
			d := so.Deadlines[0]
			if want := mustTime(t, tc.due); !d.Due.Equal(want) || d.State != tc.state || d.Late != tc.late || d.LateBusiness != tc.lateBusiness {
				t.Errorf("%s %s = due %v state %s late %v/%v business, want due %v state %s late %v/%v business",
					tc.id, tc.obj, d.Due, d.State, d.Late, d.LateBusiness, want, tc.state, tc.late, tc.lateBusiness)
			}
		})
	}
}

// TestWallNextOpenRefused: wallNextOpen names an instant, so a perUnitLate
// penalty cannot count lateness in it (ErrUnit at the penalty's unit), and
// its within takes the periods unit wall takes (P1.5D is refused, not
// left never due).
func TestWallNextOpenRefused(t *testing.T) {
	_, err := Decode([]byte(strings.Replace(latenessJSON, `"per": "PT1H", "unit": "wall"`, `"per": "PT1H", "unit": "wallNextOpen"`, 1)))
	var e *Error
	if !errors.Is(err, ErrUnit) || !errors.As(err, &e) || e.Path != "versions[0].objectives[0].penalties[0].unit" {
		t.Errorf("Decode with a wallNextOpen penalty unit = %v, want ErrUnit at versions[0].objectives[0].penalties[0].unit", err)
	}
	a, err := Decode([]byte(strings.Replace(latenessJSON, `"within": "P2D", "unit": "wallNextOpen"`, `"within": "P1.5D", "unit": "wallNextOpen"`, 1)))
	if err == nil {
		_, err = NewEvaluator(a)
	}
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "versions[0].objectives[1].target") {
		t.Errorf("P1.5D wallNextOpen = %v, want ErrInvalid at versions[0].objectives[1].target", err)
	}
}

// TestMissedFromIsTheFlip: for every kind of deadline rule, an obligation
// not done is pending 1 ns before MissedFrom and missed at it, so a timer
// set at MissedFrom wakes a host exactly when the state changes. On
// Mon-Fri 08:00-16:00 UTC, anchored Wed 4 March 2026 12:00: 4 business
// hours, "dayEnd 0" and P0D businessDaysEnd are due at the 16:00 closing
// and flip 1 ns after Thu 08:00; 4 wall hours flips at 16:00 + 1 ns;
// PT10H wallNextOpen is due at 22:00, moved to Thu 08:00, flips 1 ns
// later.
func TestMissedFromIsTheFlip(t *testing.T) {
	cal := mustCalendar(t, calendar.Spec{Hours: "Mon-Fri 08:00-16:00", Zone: "UTC"})
	anchor := mustTime(t, "2026-03-04T12:00:00Z")
	thu := mustTime(t, "2026-03-05T08:00:00Z").Add(1)
	tests := []struct {
		name   string
		target Target
		want   time.Time
	}{
		{"business", Target{Within: period.MustParse("PT4H"), Unit: UnitBusiness}, thu},
		{"wall", Target{Within: period.MustParse("PT4H"), Unit: UnitWall}, mustTime(t, "2026-03-04T16:00:00Z").Add(1)},
		{"dayEnd 0", Target{By: "dayEnd 0"}, thu},
		{"businessDaysEnd P0D", Target{Within: period.MustParse("P0D"), Unit: UnitBusinessDaysEnd}, thu},
		{"wallNextOpen", Target{Within: period.MustParse("PT10H"), Unit: UnitWallNextOpen}, thu},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := deadlineRule(tc.target, cal, time.UTC, "o")
			if err != nil {
				t.Fatal(err)
			}
			m := r.MissedFrom(anchor)
			if !m.Equal(tc.want) {
				t.Errorf("MissedFrom(%v) = %v, want %v", anchor, m, tc.want)
			}
			if st := r.Judge(anchor, time.Time{}, m.Add(-1)); st.State != metric.DeadlinePending {
				t.Errorf("Judge as of MissedFrom - 1 ns = %v, want pending", st.State)
			}
			if st := r.Judge(anchor, time.Time{}, m); st.State != metric.DeadlineMissed {
				t.Errorf("Judge as of MissedFrom = %v, want missed", st.State)
			}
		})
	}
}
