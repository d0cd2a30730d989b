// Command gen writes the replay tool's default events: a realistic month
// (March 2026) of helpdesk tickets for Acme under the support desk agreement,
// plus the seat count for March and three monthly invoices, as JSON Lines.
//
// The output is deterministic (a fixed random seed) and committed; rerun it
// with
//
//	go generate ./examples/replay
//
// Support hours are Monday to Friday 07:30–22:00 in Europe/London, closed on
// Good Friday (3 April 2026) and Easter Monday (6 April 2026). Agents act only
// in support hours; customers answer at any time between 07:00 and 23:00.
// Events after the cut-off (Thursday 2 April 2026, 20:00 BST) are dropped, so
// a few tickets are still open when the report is made.
//
// Four tickets are designed by hand (ACME-1001 to ACME-1004) with outcomes
// worked out in examples/replay/main_test.go.
package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"
	_ "time/tzdata"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

var london = must(time.LoadLocation("Europe/London"))

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// cutoff: the last instant the recorded history reaches.
var cutoff = time.Date(2026, time.April, 2, 20, 0, 0, 0, london)

var holidays = map[string]bool{"2026-04-03": true, "2026-04-06": true}

// open reports whether t is inside support hours.
func open(t time.Time) bool {
	l := t.In(london)
	if l.Weekday() == time.Saturday || l.Weekday() == time.Sunday || holidays[l.Format("2006-01-02")] {
		return false
	}
	m := l.Hour()*60 + l.Minute()
	return m >= 7*60+30 && m < 22*60
}

// addBiz returns the instant min minutes of support hours after t, moved to
// the next open minute if it lands on a closing time. The result is a whole
// minute, so adding under a minute of seconds keeps it open.
func addBiz(t time.Time, min int) time.Time {
	t = t.Truncate(time.Minute)
	for min > 0 {
		if open(t) {
			min--
		}
		t = t.Add(time.Minute)
	}
	for !open(t) {
		t = t.Add(time.Minute)
	}
	return t
}

// customerTime moves t forward to a plausible customer hour (07:00–23:00).
func customerTime(t time.Time) time.Time {
	for {
		h := t.In(london).Hour()
		if h >= 7 && h < 23 {
			return t
		}
		t = t.Add(time.Minute)
	}
}

type gen struct {
	r      *rand.Rand
	events []sla.Event
	seq    int
}

func (g *gen) add(subjectType, subject, kind string, at time.Time, attrs ...string) {
	g.seq++
	e := sla.Event{
		ID:          fmt.Sprintf("%s/%d", subject, g.seq),
		SubjectType: subjectType,
		Subject:     subject,
		Kind:        kind,
		At:          at.UTC(),
	}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.Attrs = append(e.Attrs, metric.Attr{Key: attrs[i], Value: attrs[i+1]})
	}
	g.events = append(g.events, e)
}

func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func at(mon time.Month, day, h, m int) time.Time {
	return time.Date(2026, mon, day, h, m, 0, 0, london)
}

func (g *gen) agentReply(id string, t time.Time) {
	g.add("ticket", id, metric.KindComment, t, "author", "agent", "public", "true")
}

// handmade adds the four tickets whose outcomes the test checks by hand.
func (g *gen) handmade() {
	// ACME-1001, normal: first reply late (breached Tue 3 Mar 17:45),
	// solved Wed 4 Mar 12:00 well within 5 business days.
	id := "ACME-1001"
	g.add("ticket", id, metric.KindCreated, at(time.March, 2, 8, 15), "priority", "normal", "channel", "email")
	g.agentReply(id, at(time.March, 4, 10, 0))
	g.add("ticket", id, metric.KindUpdated, at(time.March, 4, 12, 0), "status", "solved")

	// ACME-1002, high: information requested Mon 11:00 (due Wed 4 Mar
	// 11:00), answered late on Fri 6 Mar; the ticket was never set to
	// pending, so resolution breaches (Thu 5 Mar 10:00) — excused.
	id = "ACME-1002"
	g.add("ticket", id, metric.KindCreated, at(time.March, 2, 10, 0), "priority", "high", "channel", "portal")
	g.agentReply(id, at(time.March, 2, 10, 30))
	g.add("ticket", id, "info-requested", at(time.March, 2, 11, 0))
	g.add("ticket", id, "customer-replied", at(time.March, 6, 9, 0))
	g.add("ticket", id, metric.KindUpdated, at(time.March, 9, 11, 0), "status", "solved")

	// ACME-1003, urgent: replied in 10 minutes, solved Wed 4 Mar 16:00,
	// 16.5 business hours against 14.5: breached Wed 14:00, 2 hours late.
	id = "ACME-1003"
	g.add("ticket", id, metric.KindCreated, at(time.March, 3, 14, 0), "priority", "urgent", "channel", "phone")
	g.agentReply(id, at(time.March, 3, 14, 10))
	g.add("ticket", id, metric.KindUpdated, at(time.March, 4, 16, 0), "status", "solved")

	// ACME-1004, low: raised Fri 27 Mar 21:30 GMT, across the change to
	// BST and over Easter; replied late, still open at the cut-off.
	id = "ACME-1004"
	g.add("ticket", id, metric.KindCreated, at(time.March, 27, 21, 30), "priority", "low", "channel", "email")
	g.agentReply(id, at(time.March, 31, 17, 0))
}

var priorities = []struct {
	name            string
	weight          int
	replyLo, replyH int // business minutes to first reply, normally
	workLo, workHi  int // business minutes of work, normally
	lateLo, lateHi  int // business minutes of work when the ticket runs late
}{
	{"urgent", 6, 3, 45, 60, 600, 900, 1500},
	{"high", 20, 10, 240, 240, 2100, 2700, 4200},
	{"normal", 58, 20, 720, 300, 3600, 4500, 6600},
	{"low", 16, 30, 900, 300, 4000, 4500, 6600},
}

func (g *gen) priority() int {
	n := g.r.IntN(100)
	for i, p := range priorities {
		if n < p.weight {
			return i
		}
		n -= p.weight
	}
	return len(priorities) - 1
}

var channels = []string{"email", "email", "portal", "portal", "phone"}

// ticket adds one random ticket created at t0.
func (g *gen) ticket(id string, t0 time.Time) {
	pi := g.priority()
	p := priorities[pi]
	g.add("ticket", id, metric.KindCreated, t0, "priority", p.name, "channel", channels[g.r.IntN(len(channels))])

	reply := g.between(p.replyLo, p.replyH)
	if g.r.IntN(100) < 6 { // a first reply later than 24 business hours
		reply = 24*60 + g.between(10, 600)
	}
	t := addBiz(t0, reply).Add(time.Duration(g.r.IntN(60)) * time.Second)
	g.agentReply(id, t)

	work := g.between(p.workLo, p.workHi)
	if g.r.IntN(100) < 9 {
		work = g.between(p.lateLo, p.lateHi)
	}
	work -= reply
	if work < 15 {
		work = 15
	}
	switch n := g.r.IntN(100); {
	case n < 25: // waiting on the customer: pending, then an answer
		first := g.between(5, work/2+5)
		t = addBiz(t, first)
		work -= first
		g.add("ticket", id, metric.KindComment, t, "author", "agent", "public", "true")
		g.add("ticket", id, "status-changed", t, "status", "pending")
		back := customerTime(t.Add(time.Duration(g.between(40, 60*50)) * time.Minute))
		g.add("ticket", id, metric.KindComment, back, "author", "requester", "public", "true")
		g.add("ticket", id, metric.KindUpdated, back.Add(5*time.Second), "status", "open")
		t = back
	case n < 35: // a formal request for information, with pending
		first := g.between(5, work/2+5)
		t = addBiz(t, first)
		work -= first
		g.add("ticket", id, "info-requested", t)
		g.add("ticket", id, "status-changed", t, "status", "pending")
		days := g.between(60, 29*60) // answered within two business days
		if g.r.IntN(100) < 25 {
			days = g.between(30*60, 60*60) // late
		}
		back := addBiz(t, days)
		g.add("ticket", id, "customer-replied", back)
		g.add("ticket", id, metric.KindUpdated, back.Add(5*time.Second), "status", "open")
		t = back
	}
	if work < 15 {
		work = 15
	}
	t = addBiz(t, work).Add(time.Duration(g.r.IntN(60)) * time.Second)
	g.add("ticket", id, metric.KindUpdated, t, "status", "solved")

	if g.r.IntN(100) < 5 { // reopened by the customer, solved again
		back := customerTime(t.Add(time.Duration(g.between(120, 60*72)) * time.Minute))
		g.add("ticket", id, metric.KindComment, back, "author", "requester", "public", "true")
		g.add("ticket", id, metric.KindUpdated, back.Add(5*time.Second), "status", "open")
		t = addBiz(back, g.between(30, 600))
		g.agentReply(id, t)
		g.add("ticket", id, metric.KindUpdated, addBiz(t, 1), "status", "solved")
	}
}

func main() {
	out := flag.String("o", "data/events.jsonl", "output file")
	seed := flag.String("seed", "support-desk", "which agreement's events: support-desk, saas-credits or sales-marketing")
	flag.Parse()
	var evs []sla.Event
	tickets := 0
	switch *seed {
	case "support-desk":
		evs, tickets = generate()
	case "saas-credits":
		evs = generateSaaS()
	case "sales-marketing":
		evs = generateSales()
	default:
		fmt.Fprintf(os.Stderr, "gen: -seed %q: want support-desk, saas-credits or sales-marketing\n", *seed)
		os.Exit(2)
	}
	if err := write(*out, evs); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("gen: %s: %d events, %d tickets\n", *seed, len(evs), tickets)
}

// generate returns the events in time order and the number of tickets.
func generate() ([]sla.Event, int) {
	g := &gen{r: rand.New(rand.NewPCG(2026, 3))}
	// Seats in use in March: the charge is 40 × GBP 25.00 = GBP 1,000.00.
	g.add(sla.SubjectService, "support", sla.KindUsage, at(time.March, 1, 9, 0))
	g.events[len(g.events)-1].Value, g.events[len(g.events)-1].HasValue = decimal.NewFromInt(40), true

	// Invoices: January's paid on time, February's one day late (30 days
	// after Mon 2 Mar 10:00 GMT is Wed 1 Apr 10:00 BST), March's open.
	g.add("invoice", "INV-2026-01", "invoice-issued", at(time.February, 2, 10, 0), "amount", "1000.00")
	g.add("invoice", "INV-2026-01", "invoice-paid", at(time.February, 25, 14, 12))
	g.add("invoice", "INV-2026-02", "invoice-issued", at(time.March, 2, 10, 0), "amount", "1000.00")
	g.add("invoice", "INV-2026-02", "invoice-paid", at(time.April, 2, 11, 40))
	g.add("invoice", "INV-2026-03", "invoice-issued", at(time.April, 1, 10, 0), "amount", "1000.00")

	g.handmade()
	n := 1005
	for day := at(time.March, 2, 0, 0); day.Month() == time.March; day = day.AddDate(0, 0, 1) {
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		count := g.between(7, 12)
		var starts []int
		for range count {
			m := g.between(8*60+30, 17*60+30) // office hours, mostly
			if g.r.IntN(100) < 20 {
				m = g.between(7*60+30, 21*60+50)
			}
			starts = append(starts, m)
		}
		slices.Sort(starts)
		for _, m := range starts {
			t0 := day.Add(time.Duration(m)*time.Minute + time.Duration(g.r.IntN(60))*time.Second)
			g.ticket(fmt.Sprintf("ACME-%d", n), t0)
			n++
		}
	}
	// A webhook delivered twice: the same event again (a duplicate).
	for _, e := range g.events {
		if e.Subject == "ACME-1010" && e.Kind == metric.KindComment {
			g.events = append(g.events, e)
			break
		}
	}

	evs := slices.DeleteFunc(g.events, func(e sla.Event) bool { return e.At.After(cutoff) })
	slices.SortStableFunc(evs, func(a, b sla.Event) int { return cmp.Compare(a.At.UnixNano(), b.At.UnixNano()) })

	return evs, n - 1001
}

// encode is the JSON Lines form of evs.
func encode(evs []sla.Event) ([]byte, error) {
	var b bytes.Buffer
	for _, e := range evs {
		line, err := e.MarshalJSON()
		if err != nil {
			return nil, err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// write writes evs to out through a temporary file and a rename.
func write(out string, evs []sla.Event) error {
	b, err := encode(evs)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".events-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), out)
}
