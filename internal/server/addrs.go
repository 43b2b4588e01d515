package server

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// ParseAddrs splits a comma-separated list of listen addresses for
// Config.Addrs and checks each HOST:PORT: an IP address or localhost, and
// a port in 0..65535 (0 picks a free one).
func ParseAddrs(list string) ([]string, error) {
	var addrs []string
	for _, a := range strings.Split(list, ",") {
		a = strings.TrimSpace(a)
		host, port, err := net.SplitHostPort(a)
		if err != nil {
			return nil, fmt.Errorf("bad address %q: want HOST:PORT, e.g. 127.0.0.1:9000", a)
		}
		if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
			return nil, fmt.Errorf("bad address %q: port %q is not a number in 0..65535", a, port)
		}
		if host != "" && net.ParseIP(host) == nil && host != "localhost" {
			return nil, fmt.Errorf("bad address %q: host must be an IP address or localhost", a)
		}
		addrs = append(addrs, a)
	}
	return addrs, nil
}
