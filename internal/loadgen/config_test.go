package loadgen

import (
	"net/netip"
	"testing"
)

func TestParseSourceRange(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{in: "127.0.0.1-127.0.0.8", want: 8},
		{in: "127.0.0.5", want: 1},
		{in: "127.0.0.1,127.0.0.3-127.0.0.4", want: 3},
		{in: "127.0.0.8-127.0.0.1", wantErr: true},
		{in: "::1", wantErr: true},
		{in: "10.0.0.0-10.0.255.255", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseSourceRange(tt.in)
		if (err != nil) != tt.wantErr || len(got) != tt.want {
			t.Errorf("ParseSourceRange(%q) = %d addrs, %v; want %d, error %v", tt.in, len(got), err, tt.want, tt.wantErr)
		}
	}
	if got, _ := ParseSourceRange("127.0.0.254-127.0.1.1"); got[len(got)-1] != netip.MustParseAddr("127.0.1.1") {
		t.Errorf("range across an octet ends at %v", got[len(got)-1])
	}
}

func TestValidate(t *testing.T) {
	ok := Config{Addrs: []string{"127.0.0.1:9"}, Active: 1}
	tests := []struct {
		name   string
		mutate func(*Config)
		valid  bool
	}{
		{"defaults", func(*Config) {}, true},
		{"open with rate", func(c *Config) { c.Mode, c.Rate = Open, 10 }, true},
		{"open without rate", func(c *Config) { c.Mode = Open }, false},
		{"closed with rate", func(c *Config) { c.Rate = 10 }, false},
		{"tiny message", func(c *Config) { c.MsgSize = 7 }, false},
		{"hostname", func(c *Config) { c.Addrs = []string{"localhost:9"} }, false},
		{"port zero", func(c *Config) { c.Addrs = []string{"127.0.0.1:0"} }, false},
		{"negative idle", func(c *Config) { c.Idle = -1 }, false},
	}
	for _, tt := range tests {
		c := ok
		tt.mutate(&c)
		if err := c.WithDefaults().Validate(); (err == nil) != tt.valid {
			t.Errorf("%s: Validate() = %v, want valid=%v", tt.name, err, tt.valid)
		}
	}
}
