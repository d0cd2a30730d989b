package penalty

import (
	"sort"

	"github.com/shopspring/decimal"
)

// allocate rounds the sum of the lines' exact amounts once and gives each
// line its exact amount rounded toward zero plus, by largest remainder
// (ties to the earlier line), one minor unit of the residue. A line of
// pool groups[i] ≥ 0 gets a unit only while the pool's lines stay within
// rooms[groups[i]]; such a distribution always exists because each pool's
// exact sum is within its (whole-unit) room.
func (ev *evaluator) allocate(lines []Line, groups []int, rooms []decimal.Decimal) (Money, error) {
	sum := decimal.Zero
	for _, l := range lines {
		sum = sum.Add(l.Exact.Amount)
	}
	total, err := ev.money(sum).Round(ev.s.Rounding)
	if err != nil {
		return Money{}, err
	}
	left := append([]decimal.Decimal(nil), rooms...)
	floors := decimal.Zero
	order := make([]int, 0, len(lines))
	for i := range lines {
		f := lines[i].Exact.Amount.RoundDown(ev.places)
		lines[i].Amount = ev.money(f)
		floors = floors.Add(f)
		order = append(order, i)
		if i < len(groups) && groups[i] >= 0 {
			left[groups[i]] = left[groups[i]].Sub(f)
		}
	}
	unit := decimal.New(1, -ev.places)
	k, _ := total.Amount.Sub(floors).QuoRem(unit, 0)
	if k.Sign() < 0 || k.Cmp(decimal.NewFromInt(int64(len(lines)))) > 0 {
		return Money{}, errf(ErrInvalid, "", "internal: rounding residue %s units for %d lines", k, len(lines))
	}
	rem := func(i int) decimal.Decimal { return lines[i].Exact.Amount.Sub(lines[i].Amount.Amount) }
	sort.SliceStable(order, func(a, b int) bool { return rem(order[a]).Cmp(rem(order[b])) > 0 })
	given := int64(0)
	for _, i := range order {
		if given == k.IntPart() {
			break
		}
		if rem(i).Sign() <= 0 {
			break
		}
		if i < len(groups) && groups[i] >= 0 {
			g := groups[i]
			if left[g].Cmp(unit) < 0 {
				continue
			}
			left[g] = left[g].Sub(unit)
		}
		lines[i].Amount.Amount = lines[i].Amount.Amount.Add(unit)
		given++
	}
	if given != k.IntPart() {
		return Money{}, errf(ErrInvalid, "", "internal: %d of %s rounding units could not be placed", given, k)
	}
	for i := range lines {
		if !lines[i].Amount.Amount.Equal(lines[i].Exact.Amount) {
			lines[i].Conditions |= Rounded
		}
	}
	return total, nil
}
