package sla

import (
	_ "embed"
	"slices"
)

//go:embed report_schema.json
var reportSchemaJSON []byte

// ReportSchema returns a JSON Schema (draft 2020-12) of the report's JSON
// form — what [Evaluator.Report] and [Evaluator.Summary] marshal to — for
// hosts and tools that read reports from another language. It checks
// shape: field names and types, the State*, Phase*, Verdict* and
// Obligation* values, ISO 8601 durations, instants, decimals and money;
// the objects of package penalty (penalties, terminations, history) by
// their key fields only. The result is a copy.
func ReportSchema() []byte { return slices.Clone(reportSchemaJSON) }
