package oracle

import (
	"fmt"
	"strings"
	"testing"
	"time"

	_ "time/tzdata"

	"github.com/rickb777/period"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
	"github.com/slaeval/slaeval/sla/slatest"
)

// The pattern, in four steps:
//
//  1. Write your agreement as an sla.Agreement (or load its JSON).
//  2. Drive your own system with a scenario, and record the same scenario as
//     sla.Events (your system's events mapped onto slaeval's vocabulary).
//  3. Read your system's answers into a slatest.View.
//  4. slatest.Check: slaeval is the oracle; a difference fails the test
//     with a "(-slaeval +host)" diff.

var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}()

// agreement: first reply within 24 business hours, Mon–Fri 07:30–22:00
// London, English bank holidays closed.
func agreement() sla.Agreement {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, london)
	return sla.Agreement{
		ID: "toy-desk", Title: "Toy desk", Zone: "Europe/London",
		Owner: sla.Owner{Party: "desk", Person: "Riya"},
		Parties: []sla.Party{
			{ID: "desk", Name: "Toy Desk", Role: sla.RoleProvider, Contacts: []sla.Contact{{Name: "Riya"}}},
			{ID: "acme", Name: "Acme", Role: sla.RoleCustomer},
		},
		Term: sla.Term{EffectiveFrom: start},
		Versions: []sla.Version{{
			Version: "1", EffectiveFrom: start,
			Calendars: map[string]calendar.Spec{
				"hours": {Hours: "Mon-Fri 07:30-22:00", Zone: "Europe/London", HolidaySets: []string{"GB-ENG"}},
			},
			Services: []sla.Service{{ID: "support", Name: "Support", Provider: "desk", Hours: "hours"}},
			Objectives: []sla.Objective{{
				ID: "first-reply", Name: "First reply within 24 business hours",
				Obligor: "desk", Beneficiary: "acme", Service: "support",
				Scope:  sla.Scope{Subject: "ticket"},
				Metric: sla.Metric{Kind: sla.KindClock, Clock: &sla.Clock{Preset: sla.PresetFirstReply}},
				Target: &sla.Target{Within: period.MustParse("PT24H"), Unit: sla.UnitBusiness},
			}},
		}},
	}
}

// step is one thing that happens, to both the toy and slaeval.
type step struct {
	ticket string
	reply  bool // false: created
	at     string
}

// scenario, with slaeval's answers worked out by hand (as of Tue 7 Apr
// 12:00 BST; 14h30 of business time a day):
//
//   - A created Mon 2 Mar 09:00:40 GMT: Monday gives 12h59m20s, the other
//     11h00m40s run Tue 07:30 → 18:30:40, due Tue 3 Mar 18:30:40. The toy
//     stores minutes, sees 09:00 and says 18:30:00: right only within a
//     minute, which ApproxTime(time.Minute) accepts. Replied only Wed 4 Mar
//     09:00: breached at Tue 18:30:40 (the toy says 18:30).
//   - B created Fri 6 Mar 21:00: 1h + 14h30 (Mon) + 8h30 (Tue) → due Tue 10
//     Mar 16:00; replied 16:30: breached at 16:00.
//   - C created Fri 27 Mar 15:00 GMT, across the clocks going forward on
//     Sun 29 Mar: 7h + 14h30 (Mon) + 2h30 (Tue) → due Tue 31 Mar 10:00 BST;
//     replied Mon 30 Mar 09:00 BST: met.
//   - D created Thu 2 Apr 20:00 BST: 2h Thursday; Good Friday and Easter
//     Monday are bank holidays; 14h30 on Tue 7 Apr and 7h30 on Wed 8 Apr →
//     due Wed 8 Apr 15:00 BST, not yet replied: in progress.
var scenario = []step{
	{"A", false, "2026-03-02T09:00:40Z"},
	{"A", true, "2026-03-04T09:00:00Z"},
	{"B", false, "2026-03-06T21:00:00Z"},
	{"B", true, "2026-03-10T16:30:00Z"},
	{"C", false, "2026-03-27T15:00:00Z"},
	{"C", true, "2026-03-30T08:00:00Z"},
	{"D", false, "2026-04-02T19:00:00Z"},
}

var asOf = time.Date(2026, 4, 7, 12, 0, 0, 0, london)

// play drives the toy desk and returns the same history as slaeval events.
func play(desk *Desk) []sla.Event {
	var es []sla.Event
	for i, s := range scenario {
		at, err := time.Parse(time.RFC3339, s.at)
		if err != nil {
			panic(err)
		}
		e := sla.Event{ID: fmt.Sprint(i), SubjectType: "ticket", Subject: s.ticket, At: at, Kind: metric.KindCreated}
		if s.reply {
			desk.Reply(s.ticket, at)
			e.Kind = metric.KindComment
			e.Attrs = []metric.Attr{{Key: metric.AttrAuthor, Value: metric.AuthorAgent}, {Key: metric.AttrPublic, Value: "true"}}
		} else {
			desk.Create(s.ticket, at)
		}
		es = append(es, e)
	}
	return es
}

func newDesk() *Desk {
	// The toy's own copy of the bank holidays it knows about.
	return NewDesk(london, 7*time.Hour+30*time.Minute, 22*time.Hour, 24*time.Hour, "2026-04-03", "2026-04-06")
}

// view reads the toy's answers into slatest's terms.
func view(desk *Desk) slatest.View {
	var v slatest.View
	for _, t := range desk.Tickets(asOf) {
		v.Items = append(v.Items, slatest.Item{
			Type: "ticket", ID: t.ID, Objective: "first-reply",
			State: t.State, Due: t.Due, BreachAt: t.BreachAt,
		})
	}
	return v
}

// options says what the toy computes and how exactly: no elapsed times, and
// instants to the minute.
var options = []slatest.Option{
	slatest.Objectives("first-reply"),
	slatest.IgnoreFields(slatest.Item{}, "Elapsed"),
	slatest.ApproxTime(time.Minute),
}

// TestDeskAgreesWithSlaeval is the test a team keeps in its repository.
func TestDeskAgreesWithSlaeval(t *testing.T) {
	desk := newDesk()
	events := play(desk)
	slatest.Check(t, agreement(), events, asOf, view(desk), options...)
}

// TestToleranceIsNeeded shows why ApproxTime is there: ticket A's breach
// instant is 40 s off, so an exact comparison fails, on A alone.
func TestToleranceIsNeeded(t *testing.T) {
	desk := newDesk()
	events := play(desk)
	var ft fakeTB
	slatest.Check(&ft, agreement(), events, asOf, view(desk), options[:2]...)
	if len(ft.errs) != 1 {
		t.Fatalf("exact Check recorded %d failures %q, want one about A's breach instant", len(ft.errs), ft.errs)
	}
	// The diff's changed lines: slaeval's (-) and the toy's (+) BreachAt of A.
	var changed []string
	for _, l := range strings.Split(ft.errs[0], "\n") {
		if strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+") {
			changed = append(changed, strings.Join(strings.Fields(l), " "))
		}
	}
	want := []string{
		`- BreachAt: s"2026-03-03 18:30:40 +0000 GMT",`,
		`+ BreachAt: s"2026-03-03 18:30:00 +0000 GMT",`,
	}
	if strings.Join(changed, "\n") != strings.Join(want, "\n") {
		t.Errorf("changed lines = %q, want %q; whole failure:\n%s", changed, want, ft.errs[0])
	}
}

// TestOracleCatchesForgottenHolidays injects a real bug: the toy forgets
// the Easter bank holidays, so it thinks D was due Mon 6 Apr 15:00 (2h
// Thursday + 14h30 Good Friday + 7h30 Monday) and has breached. The oracle
// must fail, naming D.
func TestOracleCatchesForgottenHolidays(t *testing.T) {
	desk := newDesk()
	desk.ForgetHolidays = true
	events := play(desk)
	var ft fakeTB
	if slatest.Check(&ft, agreement(), events, asOf, view(desk), options...) {
		t.Fatal("Check passed a desk that ignores bank holidays")
	}
	msg := strings.Join(ft.errs, "\n")
	for _, want := range []string{`"D"`, `- `, `"inProgress"`, `+ `, `"breached"`, "2026-04-06 15:00:00 +0100 BST"} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure lacks %q:\n%s", want, msg)
		}
	}
}

// fakeTB records failures instead of failing the test, so a test can check
// that the oracle fails.
type fakeTB struct {
	testing.TB
	errs []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}
