package calendar

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseSpan(t *testing.T) {
	tests := []struct {
		in      string
		want    Span
		wantErr error
		print   string // String() of the result, when different from in
	}{
		{"P3D businessDays", Span{Unit: BusinessDays, Days: 3}, nil, ""},
		{"PT27H businessTime", Span{Unit: BusinessTime, Duration: 27 * time.Hour}, nil, ""},
		{"PT4H wallTime", Span{Unit: WallTime, Duration: 4 * time.Hour}, nil, ""},
		{"P0D businessDaysEnd", Span{Unit: BusinessDaysEnd}, nil, ""},
		{"PT1H30M1.5S wallTime", Span{Unit: WallTime, Duration: time.Hour + 30*time.Minute + 1500*time.Millisecond}, nil, ""},
		{"PT90M businessTime", Span{Unit: BusinessTime, Duration: 90 * time.Minute}, nil, "PT1H30M businessTime"},
		{"-PT4H wallTime", Span{Unit: WallTime, Duration: -4 * time.Hour}, nil, ""},
		{"PT0.000000001S wallTime", Span{Unit: WallTime, Duration: 1}, nil, ""},
		{"PT0S wallTime", Span{}, nil, ""},
		{"P0D wallTime", Span{}, nil, "PT0S wallTime"},
		{"P1D wallTime", Span{}, ErrSyntax, ""},            // a wall-clock day is not 24 h across DST
		{"P1W businessDays", Span{}, ErrSyntax, ""},        // weeks are not business days
		{"PT24H businessDays", Span{}, ErrSyntax, ""},      // hours are not business days
		{"P1.5D businessDays", Span{}, ErrSyntax, ""},      // whole days only
		{"-P2D businessDays", Span{}, ErrRange, ""},        // no negative business days
		{"P9999999D businessDays", Span{}, ErrRange, ""},   // over MaxBusinessDays
		{"PT0.0000000001S wallTime", Span{}, ErrRange, ""}, // below a nanosecond
		{"PT9999999H wallTime", Span{}, ErrRange, ""},      // beyond time.Duration
		{"P3D", Span{}, ErrSyntax, ""},                     // the unit is required
		{"P3D days", Span{}, ErrSyntax, ""},
		{"P3D  businessDays", Span{}, ErrSyntax, ""},
		{"3 businessDays", Span{}, ErrSyntax, ""},
		{"", Span{}, ErrSyntax, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSpan(tt.in)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Fatalf("ParseSpan(%q) = %v, %v, want %v, %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Errorf("ParseSpan(%q) error %T, want *ParseError", tt.in, err)
				}
				return
			}
			want := tt.print
			if want == "" {
				want = tt.in
			}
			if s := got.String(); s != want {
				t.Errorf("ParseSpan(%q).String() = %q, want %q", tt.in, s, want)
			}
		})
	}
}

func TestSpanJSON(t *testing.T) {
	type target struct {
		Resolution Span `json:"resolution"`
		Response   Span `json:"response"`
	}
	in := target{Span{Unit: BusinessDays, Days: 3}, Span{Unit: BusinessTime, Duration: 27 * time.Hour}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"resolution":"P3D businessDays","response":"PT27H businessTime"}`; string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	var out target
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`{"resolution":"P3D"}`), &out); !errors.Is(err, ErrSyntax) {
		t.Errorf("json.Unmarshal of a span without unit: err = %v, want ErrSyntax", err)
	}
}

func TestAddSpan(t *testing.T) {
	eng := englandOffice(t)
	lon := eng.Location()
	at := func(m time.Month, dd, h, mi int) time.Time { return time.Date(2026, m, dd, h, mi, 0, 0, lon) }
	start := at(5, 21, 10, 0) // Thu 21 May 2026 10:00 BST
	tests := []struct {
		name string
		s    Span
		want time.Time
	}{
		{"wall time", Span{Unit: WallTime, Duration: 27 * time.Hour}, at(5, 22, 13, 0)},
		// 27 h of 8h30 days: Thu 10:00-17:30 7h30, Fri 8h30 (16h), Tue 8h30 (24h30), Wed 09:00 + 2h30 = 11:30.
		{"27 business hours", Span{Unit: BusinessTime, Duration: 27 * time.Hour}, at(5, 27, 11, 30)},
		// Fri 22 (1), Tue 26 (2), Wed 27 (3), same clock time.
		{"3 business days", Span{Unit: BusinessDays, Days: 3}, at(5, 27, 10, 0)},
		{"end of the 3rd business day", Span{Unit: BusinessDaysEnd, Days: 3}, at(5, 27, 17, 30)},
		{"end of this business day", Span{Unit: BusinessDaysEnd}, at(5, 21, 17, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eng.AddSpan(start, tt.s); !got.Equal(tt.want) {
				t.Errorf("AddSpan(%v, %v) = %v, want %v", start, tt.s, got, tt.want)
			}
		})
	}
	if got := Union().AddSpan(start, Span{Unit: BusinessDays, Days: 1}); got.Year() < 1_000_000 {
		t.Errorf("AddSpan on a never-open calendar = %v, want the far future", got)
	}
	if got := eng.AddSpan(start, Span{Unit: BusinessDays, Days: -1}); got.Year() > -1_000_000 {
		t.Errorf("AddSpan with -1 business days = %v, want the far past", got)
	}
}

func FuzzParseSpan(f *testing.F) {
	for _, s := range []string{"P3D businessDays", "PT27H businessTime", "-PT1H30M0.5S wallTime", "P0D businessDaysEnd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpan(s)
		if err != nil {
			return
		}
		back, err := ParseSpan(sp.String())
		if err != nil || back != sp {
			t.Fatalf("ParseSpan(%q) = %v; re-parsing %q gives %v, %v", s, sp, sp.String(), back, err)
		}
	})
}
