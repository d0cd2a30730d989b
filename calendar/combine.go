package calendar

type combineOp uint8

const (
	opNone combineOp = iota
	opUnion
	opIntersection
)

func combine(op combineOp, cs []*Calendar) *Calendar { return nil }
