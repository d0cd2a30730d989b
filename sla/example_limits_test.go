package sla_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/slaeval/slaeval/sla"
)

// A host that takes agreements from its tenants decodes them within the
// default limits; one that trusts its agreements may lift a limit, and
// uses the same Options to build the evaluator.
func ExampleOptions() {
	data, err := os.ReadFile("testdata/agreements/support-desk.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	strict := sla.Options{Limits: sla.Limits{DocumentBytes: 1000}}
	_, err = strict.Decode(data)
	fmt.Println(errors.Is(err, sla.ErrLimit))

	var opts sla.Options // the zero Options: the default limits
	a, err := opts.Decode(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	ev, err := opts.NewEvaluator(a)
	fmt.Println(ev != nil, err)
	// Output:
	// true
	// true <nil>
}
