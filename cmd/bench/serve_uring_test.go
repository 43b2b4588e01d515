package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/server"
)

func requireUring(t *testing.T) {
	t.Helper()
	if why := registry.MustLookup(registry.IOUring).Unavailable(); why != "" {
		t.Skip(why)
	}
}

// TestServeUringOptions: --uring-entries reaches io_uring's ring (the
// kernel's fdinfo shows the submission queue's mask) and the server echoes.
func TestServeUringOptions(t *testing.T) {
	requireUring(t)
	child := startServe(t, "--backend", registry.IOUring, "--uring-entries", "64", "--uring-buffers", "16")
	if mask, ok := sqMask(t, child.hello.Pid); ok && mask != "0x3f" {
		t.Errorf("SqMask %s, want 0x3f (64 entries)", mask)
	}
	c, err := net.DialTimeout("tcp", child.hello.Addrs[0], childTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(childTimeout))
	got := make([]byte, len("abcdef\n"))
	if _, err := io.WriteString(c, "abcdef\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(c, got); err != nil || string(got) != "abcdef\n" {
		t.Fatalf("got %q, %v; want the echo", got, err)
	}
	child.command(t, "stop")
	var final server.Counters
	child.readJSON(t, &final)
	if code := child.wait(t); code != 0 || final.BytesIn != 7 || final.BytesOut != 7 {
		t.Fatalf("exit %d, bytes in %d out %d; want 0, 7, 7 (stderr: %q)", code, final.BytesIn, final.BytesOut, child.stderr.String())
	}
}

// sqMask is the SqMask line of the io_uring fd's fdinfo in process pid, or
// false when the kernel shows none.
func sqMask(t *testing.T, pid int) (string, bool) {
	t.Helper()
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^SqMask:\s*(\S+)`)
	for _, e := range ents {
		if link, _ := os.Readlink(filepath.Join(dir, e.Name())); !strings.Contains(link, "io_uring") {
			continue
		}
		info, err := os.ReadFile(fmt.Sprintf("/proc/%d/fdinfo/%s", pid, e.Name()))
		if m := re.FindSubmatch(info); err == nil && m != nil {
			return string(m[1]), true
		}
	}
	t.Logf("no io_uring fd with an SqMask in %s: the ring size is not checked", dir)
	return "", false
}

// TestServeUringOptionsRefused: a bad value, or an io_uring option given
// to another backend, is one line naming it, exit 2.
func TestServeUringOptionsRefused(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		want  string
		uring bool // the check needs io_uring itself
	}{
		{name: "entries not a power of two", args: []string{"--backend", "io_uring", "--uring-entries", "63"}, want: "ring entries 63", uring: true},
		{name: "negative buffer size", args: []string{"--backend", "io_uring", "--uring-buffer-size", "-1"}, want: "buffer size -1", uring: true},
		{name: "not a number", args: []string{"--backend", "io_uring", "--uring-buffers", "many"}, want: "-uring-buffers"},
		{name: "entries for poll", args: []string{"--backend", "poll", "--uring-entries", "64"}, want: "--uring-entries is an option of the io_uring backend, not of poll"},
		{name: "sqpoll for netpoll", args: []string{"--backend", "netpoll", "--uring-sqpoll"}, want: "--uring-sqpoll is an option of the io_uring backend, not of netpoll"},
	}
	for _, tc := range tests {
		for _, control := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/control=%v", tc.name, control), func(t *testing.T) {
				if tc.uring {
					requireUring(t)
				}
				checkServeRefused(t, control, tc.args, tc.want)
			})
		}
	}
}
