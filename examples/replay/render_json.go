package main

import (
	"encoding/json"

	"github.com/slaeval/slaeval/sla"
)

// renderJSON is the report's JSON, indented, ending in a newline.
func renderJSON(r sla.Report) ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
