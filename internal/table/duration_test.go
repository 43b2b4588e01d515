package table

import "testing"

func TestMicros(t *testing.T) {
	tests := []struct {
		us   float64
		want string
	}{
		{us: 0, want: "0µs"},
		{us: 0.0004, want: "0.40ns"},
		{us: 0.87, want: "870ns"},
		{us: 1, want: "1.00µs"},
		{us: 9.874, want: "9.87µs"},
		{us: 9.996, want: "10.0µs"},
		{us: 22.527, want: "22.5µs"},
		{us: 109, want: "109µs"},
		{us: 481.279, want: "481µs"},
		{us: 999.7, want: "1.00ms"},
		{us: 1663.75, want: "1.66ms"},
		{us: 18072, want: "18.1ms"},
		{us: 161218.559, want: "161ms"},
		{us: 2.5e6, want: "2.50s"},
		{us: 3.6e9, want: "3600s"},
		{us: -22.527, want: "-22.5µs"},
	}
	for _, tc := range tests {
		if got := Micros(tc.us); got != tc.want {
			t.Errorf("Micros(%v) = %q, want %q", tc.us, got, tc.want)
		}
	}
}

func TestMicrosSpread(t *testing.T) {
	tests := []struct {
		med, lo, hi float64
		want        string
	}{
		{med: 3095, lo: 2943, hi: 3138, want: "3.10ms (2.94–3.14)"},
		{med: 65, lo: 62.5, hi: 67.6, want: "65.0µs (62.5–67.6)"},
		{med: 999, lo: 870, hi: 1500, want: "999µs (870–1500)"},
		{med: 4.27, lo: 0.87, hi: 4.37, want: "4.27µs (0.87–4.37)"},
		{med: 0, lo: 0, hi: 1, want: "0µs"},
	}
	for _, tc := range tests {
		if got := MicrosSpread(tc.med, tc.lo, tc.hi); got != tc.want {
			t.Errorf("MicrosSpread(%v, %v, %v) = %q, want %q", tc.med, tc.lo, tc.hi, got, tc.want)
		}
	}
}
