// Package table is muxbench's one table writer. Every table the tool prints
// or publishes goes through a Table: Markdown (summary.md, the published
// pages and the terminal, padded by tablewriter), Compact Markdown (one
// line per row without padding, for pages read as diffs: reliability and
// soak), and Boxed (a terminal table whose long text cells wrap). Cell text
// is escaped for Markdown here, so callers pass it as it is. The cell
// formatters live here too, so every table and line prints a figure the
// same way: Micros scales a time to ns, µs, ms or s with three significant
// digits (MicrosSpread a median with its min–max in the median's unit),
// Thousands separates thousands (golang.org/x/text's printer) and Number
// keeps about three significant digits.
//
// A default table fits Columns (120) characters: Fit leaves out the
// columns a caller ranks as droppable, highest rank first, until the
// rendering is that narrow; the wide rendering (--wide) keeps them all.
package table
