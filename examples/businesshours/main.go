// Command businesshours prints business-time answers for the seed's support
// calendar: Monday to Friday 07:30–22:00 in Europe/Berlin ("7:30 – 22h"),
// closed on Good Friday and Easter Monday 2024, where "each incoming support
// ticket is answered within a maximum of 24 hours" of business time.
//
// Run it with no arguments:
//
//	go run ./examples/businesshours
package main

import (
	"fmt"
	"io"
	"os"
	"time"
	_ "time/tzdata" // runs the same on machines without a zone database

	"github.com/rickb777/date/v2"
	"github.com/slaeval/slaeval/calendar"
)

const layout = "Mon 2006-01-02 15:04 MST"

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "businesshours:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	holidays := []date.Date{date.New(2024, time.March, 29), date.New(2024, time.April, 1)}
	support, err := calendar.Parse("Mon-Fri 07:30-22:00", berlin, calendar.Holidays(holidays...))
	if err != nil {
		return err
	}
	const target = 24 * time.Hour
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2024, m, d, h, min, 0, 0, berlin) }

	fmt.Fprintf(w, "Support calendar: %s in %s; holidays %s, %s\n", support, support.Location(), holidays[0], holidays[1])
	for _, opened := range []time.Time{at(time.March, 1, 21, 0), at(time.March, 28, 20, 0)} {
		fmt.Fprintf(w, "Ticket opened %s, target %v business hours: due %s\n",
			opened.Format(layout), target.Hours(), support.Add(opened, target).Format(layout))
	}
	from, to := at(time.March, 1, 21, 0), at(time.March, 4, 9, 0)
	fmt.Fprintf(w, "Business time from %s to %s: %v\n", from.Format(layout), to.Format(layout), support.Between(from, to))
	week := at(time.March, 25, 0, 0)
	fmt.Fprintf(w, "Business time in the week of %s: %v\n", week.Format("Mon 2006-01-02"), support.Between(week, week.AddDate(0, 0, 7)))
	sat := at(time.March, 2, 12, 0)
	if next, ok := support.NextOpen(sat); ok {
		fmt.Fprintf(w, "Next opening after %s: %s\n", sat.Format(layout), next.Format(layout))
	}
	return nil
}
