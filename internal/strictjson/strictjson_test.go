package strictjson

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
)

func TestDuplicateKeys(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"none", `{"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]}`, nil},
		{"top level", `{"a": 1, "b": 2, "a": 3}`, []string{"a"}},
		{"three times reported once", `{"a": 1, "a": 2, "a": 3}`, []string{"a"}},
		{"nested in an array", `{"v": [{"x": 1}, {"x": 1, "y": [1, "}"], "x": 2}]}`, []string{"v[1].x"}},
		{"escaped key is the same key", `{"hours": "a", "hours": "b"}`, []string{"hours"}},
		{"braces and quotes inside strings", `{"a": "{\"a\": 1, \"a\": 2}", "b": "]"}`, nil},
		{"many keys (map path)", `{"k1":1,"k2":1,"k3":1,"k4":1,"k5":1,"k6":1,"k7":1,"k8":1,"k9":1,"k10":1,"k2":2}`, []string{"k2"}},
		{"top-level array", `[{"a": 1, "a": 1}]`, []string{"[0].a"}},
		{"scalar", `"x"`, nil},
		// encoding/json reads both keys, bytes 0xB4 and 0xB5 that are not
		// UTF-8, as U+FFFD, so decoding would keep only the second value:
		// they are one key given twice (found by FuzzDuplicateKeys).
		{"invalid UTF-8 keys that decode alike", "{\"\xb4\": 1, \"\xb5\": 2}", []string{"\ufffd"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !json.Valid([]byte(tc.doc)) {
				t.Fatalf("test document is not JSON: %s", tc.doc)
			}
			if diff := cmp.Diff(tc.want, DuplicateKeys([]byte(tc.doc))); diff != "" {
				t.Errorf("DuplicateKeys(%s) (-want +got):\n%s", tc.doc, diff)
			}
		})
	}
	// The escaped form of "hours" ("\u0068ours") repeats it.
	if got := DuplicateKeys([]byte(`{"hours": 1, "\u0068ours": 2}`)); len(got) != 1 || got[0] != "hours" {
		t.Errorf(`DuplicateKeys with "\u0068ours" = %v, want [hours]`, got)
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		in      string
		want    date.Date // when ok
		noSuch  bool      // ErrNoSuchDate
		syntax  bool      // some other error
		because string
	}{
		{in: "2026-01-31", want: date.New(2026, 1, 31)},
		{in: "2024-02-29", want: date.New(2024, 2, 29), because: "2024 is a leap year"},
		{in: "2000-02-29", want: date.New(2000, 2, 29), because: "2000 is divisible by 400"},
		{in: "0000-01-01", want: date.New(0, 1, 1), because: "year 0 is well-formed; ranges are checked by the caller"},
		{in: "+10000-01-01", want: date.New(10000, 1, 1)},
		{in: "2026-02-29", noSuch: true, because: "2026 is not a leap year"},
		{in: "1900-02-29", noSuch: true, because: "1900 is divisible by 100 but not 400"},
		{in: "2026-02-30", noSuch: true},
		{in: "2026-04-31", noSuch: true, because: "April has 30 days"},
		{in: "2026-13-01", noSuch: true},
		{in: "2026-00-10", noSuch: true},
		{in: "2026-01-00", noSuch: true},
		{in: "20260131", syntax: true, because: "basic format"},
		{in: "2026-031", syntax: true, because: "ordinal date"},
		{in: "2026-01-31T00:00:00Z", syntax: true},
		{in: "2026-1-31", syntax: true},
		{in: "10000-01-01", syntax: true, because: "a five-digit year needs its sign"},
		{in: "", syntax: true},
		{in: "+-2026-01-01", syntax: true},
	}
	for _, tc := range tests {
		got, err := Date(tc.in)
		switch {
		case tc.noSuch:
			if !errors.Is(err, ErrNoSuchDate) {
				t.Errorf("Date(%q) = %v, %v, want ErrNoSuchDate (%s)", tc.in, got, err, tc.because)
			}
		case tc.syntax:
			if err == nil || errors.Is(err, ErrNoSuchDate) {
				t.Errorf("Date(%q) = %v, %v, want a syntax error (%s)", tc.in, got, err, tc.because)
			}
		case err != nil || got != tc.want:
			t.Errorf("Date(%q) = %v, %v, want %v (%s)", tc.in, got, err, tc.want, tc.because)
		}
	}
}

func TestDateMessage(t *testing.T) {
	_, err := Date("2026-02-30")
	want := `no such date: "2026-02-30" has day 30, but February 2026 has 28 days`
	if err == nil || err.Error() != want {
		t.Errorf("Date(\"2026-02-30\") error = %v, want %s", err, want)
	}
}

// TestDuplicateKeysAllocs: checking an event-sized document without
// duplicates allocates once, its path stack (it runs for every JSON event
// read).
func TestDuplicateKeysAllocs(t *testing.T) {
	doc := []byte(`{"id": "e1", "subjectType": "ticket", "subject": "T-1", "kind": "ticket.created", "at": "2026-01-05T09:00:00Z", "attrs": {"priority": "low", "status": "new"}, "value": "1"}`)
	if n := testing.AllocsPerRun(100, func() { DuplicateKeys(doc) }); n > 1 {
		t.Errorf("DuplicateKeys allocates %v times per event, want at most 1", n)
	}
}
