package table

import (
	"math"
	"testing"
)

func TestThousands(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1,000"}, {10000, "10,000"}, {1234567, "1,234,567"},
		{-20000, "-20,000"}, {math.MaxInt64, "9,223,372,036,854,775,807"},
	}
	for _, tc := range tests {
		if got := Thousands(tc.n); got != tc.want {
			t.Errorf("Thousands(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {0.012345, "0.0123"}, {1.2345, "1.23"}, {12.345, "12.3"}, {123.45, "123"},
		{1234.5, "1,235"}, {18072.4, "18,072"}, {-2.5, "-2.50"},
	}
	for _, tc := range tests {
		if got := Number(tc.v); got != tc.want {
			t.Errorf("Number(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
