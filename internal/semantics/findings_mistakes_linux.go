package semantics

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

func fcntlCell(fc FcntlCounts) string {
	ending := "no read blocked"
	if fc.Blocked {
		ending = fmt.Sprintf("a read BLOCKED %v until the watchdog", fc.LongestRead.Round(time.Millisecond))
	}
	return fmt.Sprintf("%s: O_NONBLOCK=%t, FD_CLOEXEC=%t; %s, %s, %s; %s",
		fc.Call, fc.Nonblocking, fc.CloexecAfter, count(fc.Wakeups, "wakeup"), count(fc.Reads, "read"),
		count(fc.BytesRead, "byte"), ending)
}

func findingFcntl(ltSetfd, etSetfd, etSetfl FcntlCounts) Finding {
	holds := !etSetfd.Nonblocking && etSetfd.Blocked && etSetfl.Nonblocking && !etSetfl.Blocked
	return Finding{
		ID: "5", Probe: "the text's fcntl(fd, F_SETFD, O_NONBLOCK), then serve \"abcdef\\n\"",
		LT:    fcntlCell(ltSetfd),
		ET:    fcntlCell(etSetfd) + "; contrast " + fcntlCell(etSetfl),
		Claim: "(NOTES, on the text's code) F_SETFD leaves the socket blocking; an ET drain loop on it blocks the event loop",
		Holds: holds,
		Verdict: verdict(holds, "F_SETFD: O_NONBLOCK=%t, ET drain blocked=%t (%d reads); F_SETFL: O_NONBLOCK=%t, blocked=%t",
			etSetfd.Nonblocking, etSetfd.Blocked, etSetfd.Reads, etSetfl.Nonblocking, etSetfl.Blocked),
		Counts: map[string]FcntlCounts{"lt_f_setfd": ltSetfd, "et_f_setfd": etSetfd, "et_f_setfl": etSetfl},
	}
}

func dispatchCell(d DispatchCounts) string {
	var skipped []string
	for _, f := range slices.Sorted(maps.Keys(d.ChainSkipped)) {
		skipped = append(skipped, fmt.Sprintf("%s×%d", f, d.ChainSkipped[f]))
	}
	return fmt.Sprintf("%d events, %d flags: if/else-if handled %d, skipped %d (%s) in %d events; every-flag handled %d",
		d.Events, d.FlagsPresent, d.ChainHandled, d.Skipped(), strings.Join(skipped, " "), d.SkippedEvents, d.FullHandled)
}

func findingDispatch(lt, et DispatchCounts) Finding {
	holds := lt.Skipped() > 0 && et.Skipped() > 0 &&
		lt.FullHandled == lt.FlagsPresent && et.FullHandled == et.FlagsPresent
	return Finding{
		ID: "6", Probe: "if/else-if dispatch: writable, messages, then a reset (RST)",
		LT: dispatchCell(lt), ET: dispatchCell(et),
		Claim: "(NOTES, on the text's code) an if/else-if chain handles only the first flag of an event carrying IN and OUT (or IN and ERR)",
		Holds: holds,
		Verdict: verdict(holds, "the chain skipped %d of %d flags (LT) and %d of %d (ET)",
			lt.Skipped(), lt.FlagsPresent, et.Skipped(), et.FlagsPresent),
		Counts: map[string]DispatchCounts{"lt": lt, "et": et},
	}
}

func oneshotCell(oc OneshotCounts) string {
	return fmt.Sprintf("%s; %d while disarmed with unread data; %d after MOD",
		count(oc.First, "wakeup"), oc.Disarmed, oc.Rearmed)
}

func findingOneshot(lt, et OneshotCounts) Finding {
	ok := func(oc OneshotCounts) bool { return oc.First == 1 && oc.Disarmed == 0 && oc.Rearmed == 1 }
	holds := ok(lt) && ok(et)
	return Finding{
		ID: "7a", Probe: "beyond the text: EPOLLIN|EPOLLONESHOT, nothing read",
		LT: oneshotCell(lt), ET: oneshotCell(et),
		Claim: "(epoll(7), not in the text) one wakeup, then none until re-armed with EPOLL_CTL_MOD",
		Holds: holds,
		Verdict: verdict(holds, "LT %d/%d/%d, ET %d/%d/%d (first/disarmed/re-armed)",
			lt.First, lt.Disarmed, lt.Rearmed, et.First, et.Disarmed, et.Rearmed),
		Counts: map[string]OneshotCounts{"lt": lt, "et": et},
	}
}

func rdhupCell(hc RdhupCounts) string {
	return fmt.Sprintf("RDHUP=%t HUP=%t; read returned %d; %d-byte reply still delivered", hc.RDHUP, hc.HUP, hc.ReadReturned, hc.ReplyDelivered)
}

func findingRdhup(lt, et RdhupCounts) Finding {
	ok := func(hc RdhupCounts) bool {
		return hc.RDHUP && !hc.HUP && hc.ReadReturned == 0 && hc.ReplyDelivered == len(halfCloseReply)
	}
	holds := ok(lt) && ok(et)
	return Finding{
		ID: "7b", Probe: "beyond the text: EPOLLRDHUP, peer calls shutdown(SHUT_WR)",
		LT: rdhupCell(lt), ET: rdhupCell(et),
		Claim: "(epoll(7), not handled by the text) RDHUP reports the half-close, read returns 0, the peer can still receive",
		Holds: holds,
		Verdict: verdict(holds, "RDHUP LT=%t ET=%t, read 0: LT=%t ET=%t",
			lt.RDHUP, et.RDHUP, lt.ReadReturned == 0, et.ReadReturned == 0),
		Counts: map[string]RdhupCounts{"lt": lt, "et": et},
	}
}
