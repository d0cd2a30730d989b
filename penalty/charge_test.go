package penalty

import (
	"errors"
	"testing"
)

func TestChargeAmount(t *testing.T) {
	bands := []Band{{UpTo: dec("10"), Price: gbp("5")}, {UpTo: dec("50"), Price: gbp("4")}, {Price: gbp("3")}}
	tests := []struct {
		name   string
		charge Charge
		usage  Usage
		want   string
		reason string
	}{
		{"flat", Charge{Name: "c", Price: gbp("10")}, Usage{}, "10", "the fee"},
		{"per unit", Charge{Name: "c", Kind: PerUnit, Price: gbp("2.50")}, Usage{Units: dec("7")}, "17.50", "7 × 2.50"},
		{"per unit none", Charge{Name: "c", Kind: PerUnit, Price: gbp("2.50")}, Usage{}, "0", "0 × 2.50"},
		{"graduated 60", Charge{Name: "c", Kind: Graduated, Bands: bands}, Usage{Units: dec("60")}, "240", "10×5 + 40×4 + 10×3 = 50 + 160 + 30"},
		{"graduated 10", Charge{Name: "c", Kind: Graduated, Bands: bands}, Usage{Units: dec("10")}, "50", "10×5"},
		{"graduated 10.5", Charge{Name: "c", Kind: Graduated, Bands: bands}, Usage{Units: dec("10.5")}, "52", "10×5 + 0.5×4"},
		{"volume 60", Charge{Name: "c", Kind: Volume, Bands: bands}, Usage{Units: dec("60")}, "180", "all 60 at the third band's 3"},
		{"volume 10", Charge{Name: "c", Kind: Volume, Bands: bands}, Usage{Units: dec("10")}, "50", "10 is in the first band (≤ 10): 10 × 5"},
		{"volume 11", Charge{Name: "c", Kind: Volume, Bands: bands}, Usage{Units: dec("11")}, "44", "11 is in the second band: 11 × 4"},
		{"supplied", Charge{Name: "c", Kind: Supplied}, Usage{Amount: gbp("123.45")}, "123.45", "as given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.charge.Validate("", "GBP"); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			got, err := tt.charge.Amount(tt.usage, "GBP")
			if err != nil {
				t.Fatal(err)
			}
			if want := gbp(tt.want); !got.Equal(want) {
				t.Errorf("Amount(%v) = %s, want %s (%s)", tt.usage.Units, got, want, tt.reason)
			}
		})
	}
}

func TestChargeAmountErrors(t *testing.T) {
	bounded := Charge{Name: "c", Kind: Graduated, Bands: []Band{{UpTo: dec("10"), Price: gbp("5")}}}
	tests := []struct {
		name   string
		charge Charge
		usage  Usage
		want   error
	}{
		{"beyond last band", bounded, Usage{Units: dec("11")}, ErrInvalid},
		{"volume beyond last band", Charge{Name: "c", Kind: Volume, Bands: bounded.Bands}, Usage{Units: dec("11")}, ErrInvalid},
		{"negative units", Charge{Name: "c", Kind: PerUnit, Price: gbp("1")}, Usage{Units: dec("-1")}, ErrInvalid},
		{"supplied missing", Charge{Name: "c", Kind: Supplied}, Usage{}, ErrMissing},
		{"supplied other currency", Charge{Name: "c", Kind: Supplied}, Usage{Amount: MustParseMoney("EUR 1")}, ErrCurrencyMismatch},
		{"supplied negative", Charge{Name: "c", Kind: Supplied}, Usage{Amount: gbp("-1")}, ErrInvalid},
	}
	for _, tt := range tests {
		if _, err := tt.charge.Amount(tt.usage, "GBP"); !errors.Is(err, tt.want) {
			t.Errorf("%s: Amount err = %v, want %v", tt.name, err, tt.want)
		}
	}
}
