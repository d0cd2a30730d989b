// Package tour holds the code tour of the README as a compiled, tested
// example: parse a calendar, define an objective, evaluate events, read the
// report. Run it with
//
//	go test ./examples/tour -run Example -v
package tour
