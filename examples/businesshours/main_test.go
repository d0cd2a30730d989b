package main

import (
	"strings"
	"testing"
)

// Every line is derived by hand from Mon-Fri 07:30-22:00 (14.5 h a day):
//   - Fri 1 Mar 21:00 + 24 h: Fri 21-22 (1 h), Mon 14.5 h, then 8.5 h from
//     Tue 07:30 = 16:00.
//   - Thu 28 Mar 20:00 + 24 h: Thu 20-22 (2 h), Fri 29 and Mon 1 Apr are
//     holidays, Tue 14.5 h, then 7.5 h from Wed 07:30 = 15:00, now CEST
//     (Berlin changed on Sun 31 Mar).
//   - Fri 21:00 to Mon 09:00: 1 h + 1.5 h = 2.5 h.
//   - week of Mon 25 Mar: Mon-Thu 4 x 14.5 h = 58 h; Good Friday closed.
//   - after Sat 12:00 the next opening is Mon 07:30.
func TestRun(t *testing.T) {
	want := `Support calendar: Mon-Fri 07:30-22:00 in Europe/Berlin; holidays 2024-03-29, 2024-04-01
Ticket opened Fri 2024-03-01 21:00 CET, target 24 business hours: due Tue 2024-03-05 16:00 CET
Ticket opened Thu 2024-03-28 20:00 CET, target 24 business hours: due Wed 2024-04-03 15:00 CEST
Business time from Fri 2024-03-01 21:00 CET to Mon 2024-03-04 09:00 CET: 2h30m0s
Business time in the week of Mon 2024-03-25: 58h0m0s
Next opening after Sat 2024-03-02 12:00 CET: Mon 2024-03-04 07:30 CET
`
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("run() output:\n%s\nwant:\n%s", got, want)
	}
}
