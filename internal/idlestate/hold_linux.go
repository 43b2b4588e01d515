package idlestate

import (
	"encoding/binary"
	"fmt"
	"os"
)

// QoSDevice is the PM QoS CPU latency device.
const QoSDevice = "/dev/cpu_dma_latency"

// Request is a held PM QoS request for a 0 µs resume latency: every CPU's
// idle loop polls until Close.
type Request struct{ f *os.File }

// Hold writes a 0 µs resume latency to dev (QoSDevice) and keeps it open.
// The error says why the CPUs stay in the OS's idle states (no root, no
// device).
func Hold(dev string) (*Request, error) {
	f, err := os.OpenFile(dev, os.O_WRONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("cpu idle states left to the OS: %w", err)
	}
	var zero [4]byte // the kernel reads a binary s32 (or hex text)
	binary.NativeEndian.PutUint32(zero[:], 0)
	if _, err := f.Write(zero[:]); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu idle states left to the OS: %s: %w", dev, err)
	}
	return &Request{f: f}, nil
}

// Close drops the request; nil is a request never held.
func (r *Request) Close() error {
	if r == nil {
		return nil
	}
	return r.f.Close()
}
