module github.com/slaeval/slaeval

go 1.26

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/govalues/decimal v0.1.36 // indirect
	github.com/rickar/cal/v2 v2.1.13 // indirect
	github.com/rickb777/date/v2 v2.3.1 // indirect
	github.com/rickb777/period v1.0.21 // indirect
	github.com/rickb777/plural v1.4.7 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	golang.org/x/text v0.32.0 // indirect
	pgregory.net/rapid v1.3.0 // indirect
)
