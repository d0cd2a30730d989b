// Package oracle shows how a team tests its own helpdesk against slaeval:
// helpdesk.go is a toy helpdesk with its own, naive due-date computation,
// the kind of code a real product already has; helpdesk_test.go feeds the
// same tickets to slaeval through sla/slatest and fails with a readable
// diff when the two disagree. Copy the test's pattern into your repository.
package oracle

import (
	"slices"
	"time"
)

// Desk is a toy helpdesk: tickets must get a first reply within FirstReply
// of business time, where business hours are Open–Close on weekdays in
// Zone, except on Holidays. Like many real systems it stores instants to the
// minute (a database column without seconds).
//
// The zero Desk is not usable; see NewDesk.
type Desk struct {
	Zone        *time.Location
	Open, Close time.Duration   // since local midnight, e.g. 7h30m and 22h
	Holidays    map[string]bool // local dates, "2026-04-03"
	FirstReply  time.Duration   // business time, e.g. 24h

	// ForgetHolidays injects a bug: holidays are treated as working days.
	ForgetHolidays bool

	tickets map[string]*ticket
}

type ticket struct {
	created, replied time.Time
}

// Ticket is what the desk's UI shows for one ticket as of an instant.
type Ticket struct {
	ID       string
	State    string    // "inProgress", "met" or "breached"
	Due      time.Time // while waiting for the first reply
	BreachAt time.Time // when it breached
}

// NewDesk returns an empty desk with the given hours.
func NewDesk(zone *time.Location, open, close, firstReply time.Duration, holidays ...string) *Desk {
	d := &Desk{Zone: zone, Open: open, Close: close, FirstReply: firstReply,
		Holidays: map[string]bool{}, tickets: map[string]*ticket{}}
	for _, h := range holidays {
		d.Holidays[h] = true
	}
	return d
}

// Create records a new ticket.
func (d *Desk) Create(id string, at time.Time) {
	d.tickets[id] = &ticket{created: at.Truncate(time.Minute)}
}

// Reply records an agent's public reply; only the first one counts.
func (d *Desk) Reply(id string, at time.Time) {
	if t := d.tickets[id]; t != nil && t.replied.IsZero() {
		t.replied = at.Truncate(time.Minute)
	}
}

// Tickets lists the tickets by ID as of asOf.
func (d *Desk) Tickets(asOf time.Time) []Ticket {
	var out []Ticket
	for id, t := range d.tickets {
		due := d.due(t.created)
		tk := Ticket{ID: id}
		switch {
		case !t.replied.IsZero() && !t.replied.After(due):
			tk.State = "met"
		case !t.replied.IsZero() || !asOf.Before(due):
			tk.State, tk.BreachAt = "breached", due
		default:
			tk.State, tk.Due = "inProgress", due
		}
		out = append(out, tk)
	}
	slices.SortFunc(out, func(a, b Ticket) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	return out
}

// due walks day by day from created, spending FirstReply in open hours.
func (d *Desk) due(created time.Time) time.Time {
	left := d.FirstReply
	c := created.In(d.Zone)
	for i := 0; i < 366; i++ {
		day := time.Date(c.Year(), c.Month(), c.Day()+i, 0, 0, 0, 0, d.Zone)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if d.Holidays[day.Format("2006-01-02")] && !d.ForgetHolidays {
			continue
		}
		open := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, d.Zone).Add(d.Open)
		closing := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, d.Zone).Add(d.Close)
		if created.After(open) {
			open = created
		}
		if !closing.After(open) {
			continue
		}
		if avail := closing.Sub(open); avail >= left {
			return open.Add(left)
		} else {
			left -= avail
		}
	}
	return time.Time{}
}
