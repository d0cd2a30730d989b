package sla

import (
	"errors"
	"strings"
	"testing"
)

// claimsAgreement is downtimeAgreement with AWS's credit terms: a month's
// bill of price, a 10% credit when monthly uptime is below 99.99%, and
// claims as given (e.g. {"moreThan": "1.00"}).
func claimsAgreement(t *testing.T, price, claims string) Agreement {
	t.Helper()
	a, err := Decode([]byte(claimsJSON(price, claims)))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func claimsJSON(price, claims string) string {
	js := strings.Replace(downtimeAgreement, `"services": [{"id": "app", "name": "App", "provider": "p"}],`,
		`"services": [{"id": "app", "name": "App", "provider": "p", "pricing": {"model": "flat", "amount": "`+price+`", "per": "month"}}],
     "claims": `+claims+`,`, 1)
	js = strings.Replace(js, `"exclusions": ["customer", "announced", "planned"]}`,
		`"exclusions": ["customer", "announced", "planned"],
        "penalties": [{"id": "credit", "kind": "tiers", "tiers": [{"below": "99.99", "amount": {"percentOfCharge": "10"}}]}]}`, 1)
	return js
}

// TestClaimsMoreThanAWS: AWS issues a credit "only if the credit amount
// for the applicable monthly billing cycle is greater than one dollar"
// ({"moreThan": "1.00"}). An hour down on 10 April 2026 (of 43,200
// minutes) is 99.86% < 99.99%, so the credit is 10% of the bill, compared
// after rounding to cents: a bill of 10.05 gives 1.005, issued as 1.01 >
// 1.00; a bill of 10.00 gives exactly 1.00, not more than 1.00, so none.
// With {"minimum": "1.00"} (at least) the 1.00 credit is issued.
func TestClaimsMoreThanAWS(t *testing.T) {
	events := []Event{evt("1", "service", "app", "outage", "2026-04-10T11:00:00Z",
		"start", "2026-04-10T10:00:00Z", "end", "2026-04-10T11:00:00Z")}
	for _, tc := range []struct {
		price, claims, want string
	}{
		{"10.05", `{"moreThan": "1.00"}`, "USD 1.01"},
		{"10.00", `{"moreThan": "1.00"}`, "USD 0.00"},
		{"10.00", `{"minimum": "1.00"}`, "USD 1.00"},
	} {
		r, err := Evaluate(claimsAgreement(t, tc.price, tc.claims), seq(events), mustTime(t, "2026-05-01T00:00:00Z"))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Credit.String(); got != tc.want {
			t.Errorf("bill %s, claims %s: credit = %s, want %s", tc.price, tc.claims, got, tc.want)
		}
	}
}

// TestClaimsMinimumAndMoreThan: the two forms of the minimum exclude each
// other.
func TestClaimsMinimumAndMoreThan(t *testing.T) {
	_, err := Decode([]byte(claimsJSON("10.00", `{"minimum": "1.00", "moreThan": "1.00"}`)))
	var e *Error
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &e) || e.Path != "versions[0].claims.moreThan" {
		t.Errorf("Decode = %v, want ErrInvalid at versions[0].claims.moreThan", err)
	}
}
