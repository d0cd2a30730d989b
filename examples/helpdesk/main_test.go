package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Every figure below was worked out by hand from the calendar
// Mon–Fri 07:30–22:00 London (14h30 a day; GMT until Sun 29 Mar, BST after;
// Good Friday 3 Apr and Easter Monday 6 Apr 2026 are English bank holidays).
// Business days keep the wall-clock time: n business days after Fri 15:00
// is 15:00 on the n-th following business day.
//
// T-1 (normal) created Mon 2 Mar 09:00, replied 11:00: first reply 2h, met.
// Pending Tue 3 Mar 10:00 → Wed 4 Mar 10:00 (14h30 of business time
// paused), solved Thu 5 Mar 12:00: business time Mon 09:00 → Thu 12:00 is
// 13h + 14h30 + 14h30 + 4h30 = 46h30, minus 14h30 paused = 32h00, within the
// 5 business days (72h30): met. Acme's answer was due 2 business days after
// Tue 10:00, Thu 5 Mar 10:00, and came Wed 10:00: met.
//
// T-2 (normal) created Fri 6 Mar 21:00: 1h on Friday + 14h30 Monday = 15h30,
// the remaining 8h30 from Tue 07:30 make the first reply due Tue 10 Mar
// 16:00. The reply came 16:30: breached at 16:00, 24h30 elapsed. Solved Tue
// 17:00: 1h + 14h30 + 9h30 = 25h00, far within 5 business days: met.
//
// T-3 (urgent, 1 business day) created Mon 9 Mar 08:00, replied 08:30 (0h30,
// met). The day's limit is Mon 08:00 → Tue 08:00 = 14h + 0h30 = 14h30, so
// it breached Tue 10 Mar 08:00; solved Tue 12:00 after 14h + 4h30 = 18h30,
// 4 business hours late.
//
// T-4 (high, 3 business days) created Fri 27 Mar 15:00 GMT, replied Mon 30
// Mar 09:00 BST: 7h + 1h30 = 8h30, met. Solved Wed 1 Apr 11:00 BST, before
// its due instant Wed 1 Apr 15:00 BST: 7h + 14h30 + 14h30 + 3h30 = 39h30.
//
// T-5 (normal) created Thu 2 Apr 20:00 BST, still open on Good Friday at
// noon: 2h elapsed (Thu 20:00–22:00). Its first reply needs 22h more: Good
// Friday and Easter Monday are closed, Tue 7 Apr gives 14h30, and the last
// 7h30 run Wed 8 Apr 07:30–15:00: due Wed 8 Apr 15:00 BST. Resolution is due
// 5 business days on (Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 Apr) at 20:00.
// With no warnings configured, that first-reply due instant is the next
// change of any status.
//
// March's money: 40 seats × £25 = £1,000 charge. First reply: one breach
// (T-2) × £10 = £10, under the 10% cap (£100). Resolution: T-3 was 4
// business hours late, 4 started hours × £2.50 = £10, under the 15% cap
// (£150). Total £20.00, above the £5 claim minimum, claimable for 60 days
// after the month ends (1 Apr + 60 days = 31 May).
// 16 events: 1 usage + 5 (T-1) + 3 + 3 + 3 + 1 (T-5).
const want = `Acme helpdesk support agreement, as of Fri 3 Apr 12:00 BST

     objective        elapsed   state      due / breached
T-1  first-reply      2h00      met
T-1  resolution       32h00     met
T-1  customer-answers           met        due Thu 5 Mar 10:00 GMT, answered Wed 4 Mar 10:00 GMT
T-2  first-reply      24h30     breached   breached Tue 10 Mar 16:00 GMT
T-2  resolution       25h00     met
T-3  first-reply      0h30      met
T-3  resolution       18h30     breached   breached Tue 10 Mar 08:00 GMT
T-4  first-reply      8h30      met
T-4  resolution       39h30     met
T-5  first-reply      2h00      inProgress due Wed 8 Apr 15:00 BST
T-5  resolution       2h00      inProgress due Mon 13 Apr 20:00 BST

March 2026
  first-reply      met 3, missed 1
  resolution       met 3, missed 1
  customer-answers met 1, missed 0
  credit first-reply-late: 1 × GBP 10.00 = GBP 10.00
  credit resolution-late: 4 × GBP 2.50 = GBP 10.00
  credit owed to Acme: GBP 20.00, to be claimed before Sun 31 May 00:00 BST

next change (set one timer): Wed 8 Apr 15:00 BST
events applied 16, rejected 0
`

func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatalf("run: %v", err)
	}
	if d := cmp.Diff(strings.Split(want, "\n"), strings.Split(b.String(), "\n")); d != "" {
		t.Errorf("run output mismatch (-want +got):\n%s", d)
	}
}
