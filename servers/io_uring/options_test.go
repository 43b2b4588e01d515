package iouring

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

func TestOptionsValidate(t *testing.T) {
	cfg := server.Config{}.WithDefaults()
	tests := []struct {
		name string
		o    Options
		bad  string // a word the refusal names; "" for valid options
	}{
		{name: "defaults", o: Options{}},
		{name: "smallest", o: Options{Entries: 2, Buffers: 1, BufferSize: 1}},
		{name: "largest", o: Options{Entries: 1 << 15, Buffers: 1 << 15, BufferSize: 1 << 15}},
		{name: "entries not a power of two", o: Options{Entries: 1000}, bad: "entries 1000"},
		{name: "one entry", o: Options{Entries: 1}, bad: "entries 1"},
		{name: "too many entries", o: Options{Entries: 1 << 16}, bad: "entries"},
		{name: "buffers not a power of two", o: Options{Buffers: 3}, bad: "buffer count 3"},
		{name: "negative buffer size", o: Options{BufferSize: -1}, bad: "buffer size -1"},
		{name: "buffers too large in all", o: Options{Buffers: 1 << 15, BufferSize: 1 << 16}, bad: "buffer size 65536"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.o.withDefaults(cfg).Validate()
			switch {
			case tc.bad == "" && err != nil:
				t.Fatalf("Validate = %v, want nil", err)
			case tc.bad != "" && (err == nil || !strings.Contains(err.Error(), tc.bad)):
				t.Fatalf("Validate = %v, want a refusal naming %q", err, tc.bad)
			case err != nil && strings.Contains(err.Error(), "\n"):
				t.Fatalf("refusal %q is not one line", err)
			}
		})
	}
}

func TestOptionsDefaults(t *testing.T) {
	cfg := server.Config{ReadBuffer: 4096}.WithDefaults()
	o := Options{}.withDefaults(cfg)
	if o.Entries != DefaultEntries || o.Buffers != DefaultBuffers || o.BufferSize != 4096 || o.SQPoll {
		t.Fatalf("defaults %+v, want %d entries, %d buffers of Config.ReadBuffer (4096) bytes, no SQPOLL", o, DefaultEntries, DefaultBuffers)
	}
}

// TestExplainSetup: every errno io_uring_setup is refused with becomes one
// line wrapping ErrUnavailable and the errno, saying what to do.
func TestExplainSetup(t *testing.T) {
	tests := []struct {
		errno  unix.Errno
		sqpoll bool
		says   string
	}{
		{errno: unix.ENOSYS, says: "no io_uring"},
		{errno: unix.EPERM, says: "seccomp"},
		{errno: unix.EINVAL, says: "Linux 6.1"},
		{errno: unix.EINVAL, sqpoll: true, says: "SQPOLL"},
		{errno: unix.ENOMEM, says: "ulimit -l"},
		{errno: unix.EFAULT, says: "io_uring_setup failed"},
	}
	for _, tc := range tests {
		err := explainSetup(os.NewSyscallError("io_uring_setup", tc.errno), tc.sqpoll)
		msg := err.Error()
		if !errors.Is(err, ErrUnavailable) || !errors.Is(err, tc.errno) || !strings.Contains(msg, tc.says) || strings.Contains(msg, "\n") {
			t.Errorf("%v (sqpoll %v): %q, want one line wrapping ErrUnavailable and the errno, saying %q", tc.errno, tc.sqpoll, msg, tc.says)
		}
	}
}

// TestAvailable: on a kernel with io_uring enabled (the project's machines
// run 6.18 with kernel.io_uring_disabled=0), Available agrees with the
// knob; elsewhere it refuses in one line.
func TestAvailable(t *testing.T) {
	err := Available()
	t.Logf("Available() = %v (kernel.io_uring_disabled=%s)", err, orUnknown(disabledSetting()))
	if err != nil {
		if !errors.Is(err, ErrUnavailable) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("refusal %q: want one line wrapping ErrUnavailable", err)
		}
		if disabledSetting() == "0" && !errors.Is(err, unix.EPERM) {
			t.Fatalf("io_uring enabled by the knob but unavailable: %v", err)
		}
	}
	if disabledSetting() == "2" && err == nil {
		t.Fatal("kernel.io_uring_disabled=2 but Available() = nil")
	}
}
