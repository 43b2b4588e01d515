package iouring

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/muxbench/muxbench/internal/uring"
	"golang.org/x/sys/unix"
)

// ErrUnavailable is wrapped by every refusal that says io_uring cannot
// serve on this machine.
var ErrUnavailable = errors.New("io_uring unavailable")

const disabledKnob = "/proc/sys/kernel/io_uring_disabled"

// neededOps are the opcodes the loop submits.
var neededOps = []struct {
	op   uint8
	name string
}{
	{uring.IORING_OP_ACCEPT, "IORING_OP_ACCEPT"},
	{uring.IORING_OP_RECV, "IORING_OP_RECV"},
	{uring.IORING_OP_SEND, "IORING_OP_SEND"},
	{uring.IORING_OP_ASYNC_CANCEL, "IORING_OP_ASYNC_CANCEL"},
	{uring.IORING_OP_READ, "IORING_OP_READ"},
	{uring.IORING_OP_POLL_ADD, "IORING_OP_POLL_ADD"},
}

// Available reports why io_uring cannot serve here, in one line wrapping
// ErrUnavailable, or nil: it creates a small ring the way New does, probes
// the opcodes the loop needs and registers a provided-buffer ring.
func Available() error {
	if disabledSetting() == "2" {
		return fmt.Errorf("%w: kernel.io_uring_disabled=2 turns it off for every process (sysctl -w kernel.io_uring_disabled=0 turns it on)", ErrUnavailable)
	}
	r, err := openRing(Options{Entries: 2})
	if err != nil {
		return err
	}
	defer r.Close()
	b, err := registerBuffers(r, Options{Buffers: 1, BufferSize: 64})
	if err != nil {
		return err
	}
	b.Close()
	return nil
}

func disabledSetting() string {
	b, err := os.ReadFile(disabledKnob)
	if err != nil {
		return "" // kernels before 6.6 have no such knob
	}
	return strings.TrimSpace(string(b))
}

// openRing sets up the ring New serves on and checks the kernel offers what
// the loop needs; every refusal is one line wrapping ErrUnavailable.
func openRing(o Options) (*uring.Ring, error) {
	p := uring.Params{Flags: setupFlags(o.SQPoll), CqEntries: uint32(o.Entries * CQFactor)}
	if o.SQPoll {
		p.SqThreadIdle = uint32(SQPollIdle.Milliseconds())
	}
	r, err := uring.Setup(uint32(o.Entries), &p)
	if err != nil {
		return nil, explainSetup(err, o.SQPoll)
	}
	if err := checkKernel(r); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// setupFlags: without SQPOLL one thread submits and reaps
// (SINGLE_ISSUER), and the kernel runs completion work only when that
// thread enters (DEFER_TASKRUN), so a completion never interrupts the loop;
// it flags work it has left undone (TASKRUN_FLAG, see runDeferred). The
// ring starts disabled and is enabled on the loop's thread. SQPOLL
// excludes DEFER_TASKRUN.
func setupFlags(sqpoll bool) uint32 {
	const common = uring.IORING_SETUP_SUBMIT_ALL | uring.IORING_SETUP_CQSIZE
	if sqpoll {
		return common | uring.IORING_SETUP_SQPOLL
	}
	return common | uring.IORING_SETUP_SINGLE_ISSUER | uring.IORING_SETUP_DEFER_TASKRUN | uring.IORING_SETUP_R_DISABLED | uring.IORING_SETUP_TASKRUN_FLAG
}

func checkKernel(r *uring.Ring) error {
	const need = uring.IORING_FEAT_NODROP | uring.IORING_FEAT_EXT_ARG
	if r.Features()&need != need {
		return fmt.Errorf("%w: the kernel lacks IORING_FEAT_NODROP or IORING_FEAT_EXT_ARG (Linux 5.11 or later)", ErrUnavailable)
	}
	p, err := r.Probe()
	if err != nil {
		return fmt.Errorf("%w: IORING_REGISTER_PROBE failed: %w", ErrUnavailable, err)
	}
	for _, op := range neededOps {
		if !p.Supports(op.op) {
			return fmt.Errorf("%w: the kernel lacks %s", ErrUnavailable, op.name)
		}
	}
	return nil
}

// bufGroup is the one provided-buffer group the loop uses.
const bufGroup = 0

func registerBuffers(r *uring.Ring, o Options) (*uring.BufRing, error) {
	b, err := r.RegisterBufRing(bufGroup, o.Buffers, o.BufferSize)
	if errors.Is(err, unix.EINVAL) {
		return nil, fmt.Errorf("%w: the kernel refuses a provided-buffer ring (IORING_REGISTER_PBUF_RING needs Linux 5.19 or later): %w", ErrUnavailable, err)
	}
	if err != nil {
		return nil, fmt.Errorf("io_uring: %d provided buffers of %d bytes: %w", o.Buffers, o.BufferSize, err)
	}
	return b, nil
}

// explainSetup turns io_uring_setup's errno into what to do about it.
func explainSetup(err error, sqpoll bool) error {
	var why string
	switch {
	case errors.Is(err, unix.ENOSYS):
		why = "this kernel has no io_uring (ENOSYS: older than 5.1, or built without CONFIG_IO_URING)"
	case errors.Is(err, unix.EPERM):
		why = fmt.Sprintf("io_uring_setup refused with EPERM (kernel.io_uring_disabled=%s, or a seccomp filter such as a container's default profile)", orUnknown(disabledSetting()))
	case errors.Is(err, unix.EINVAL) && sqpoll:
		why = "this kernel rejects IORING_SETUP_SQPOLL|SUBMIT_ALL (Linux 5.18 or later)"
	case errors.Is(err, unix.EINVAL):
		why = "this kernel rejects IORING_SETUP_SINGLE_ISSUER|DEFER_TASKRUN|SUBMIT_ALL (Linux 6.1 or later)"
	case errors.Is(err, unix.ENOMEM):
		why = "no locked memory for the ring (ENOMEM: before Linux 5.12 rings count against RLIMIT_MEMLOCK; raise ulimit -l)"
	default:
		why = "io_uring_setup failed"
	}
	return fmt.Errorf("%w: %s: %w", ErrUnavailable, why, err)
}

func orUnknown(s string) string {
	if s == "" {
		return "absent"
	}
	return s
}
