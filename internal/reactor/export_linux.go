package reactor

import "net"

// ListenTCP opens a listening socket the way every reactor backend does
// (non-blocking, close-on-exec, SO_REUSEADDR, the same backlog), for a
// backend with a loop of its own (io_uring), so that all backends listen
// alike. It returns the fd and the bound address.
func ListenTCP(addr string) (int, *net.TCPAddr, error) { return listenTCP(addr) }
