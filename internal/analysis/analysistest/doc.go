// Package analysistest holds synthetic runs for the tests of analysis and
// its readers (report, compare): figures that follow simple formulas, so a
// test knows every answer. Nothing here is a measurement.
package analysistest
