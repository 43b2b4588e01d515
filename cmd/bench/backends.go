package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/muxbench/muxbench/internal/server"
	epollet "github.com/muxbench/muxbench/servers/epoll_et"
	epolllt "github.com/muxbench/muxbench/servers/epoll_lt"
	"github.com/muxbench/muxbench/servers/netpoll"
	pollsrv "github.com/muxbench/muxbench/servers/poll"
	selectsrv "github.com/muxbench/muxbench/servers/select"
)

// backends maps each backend's name, as given to --backend and written in
// results, to its constructor. It lives here rather than in servers/ so no
// backend imports another.
var backends = map[string]func(server.Config) (server.Server, error){
	"select":   selectsrv.New,
	"poll":     pollsrv.New,
	"epoll_lt": epolllt.New,
	"epoll_et": epollet.New,
	"netpoll":  netpoll.New,
}

// backendNames lists the registered backends, sorted.
func backendNames() []string {
	names := make([]string, 0, len(backends))
	for n := range backends {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// lookupBackend returns the constructor registered under name.
func lookupBackend(name string) (func(server.Config) (server.Server, error), error) {
	if b, ok := backends[name]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("unknown backend %q (known: %s)", name, strings.Join(backendNames(), ", "))
}
