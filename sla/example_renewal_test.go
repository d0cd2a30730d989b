package sla_test

import (
	"fmt"
	"strings"
	"time"
)

// A one-year term from 1 January 2026, renewed automatically for a year
// unless notice is given 60 days before the end.
func ExampleAgreement_RenewalNoticeBy() {
	a := mustDecode(strings.Replace(deskJSON, `"term": {"effectiveFrom": "2026-01-01T00:00:00Z",`,
		`"term": {"effectiveFrom": "2026-01-01T00:00:00Z", "effectiveTo": "2027-01-01T00:00:00Z",
           "renewal": {"every": "P1Y", "notice": "P60D", "automatic": true},`, 1))
	end, noticeBy, err := a.RenewalNoticeBy(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	fmt.Println(end.UTC(), noticeBy.UTC(), err)
	// Output: 2027-01-01 00:00:00 +0000 UTC 2026-11-02 00:00:00 +0000 UTC <nil>
}
