package semantics

import (
	"fmt"
	"time"
)

// Finding is one row of the table: what was measured in each mode, what the
// text claims, and whether the measurement bears the claim out.
type Finding struct {
	ID      string `json:"id"`
	Probe   string `json:"probe"`
	LT      string `json:"lt"`
	ET      string `json:"et"`
	Claim   string `json:"claim"`
	Holds   bool   `json:"holds"`
	Verdict string `json:"verdict"`
	Counts  any    `json:"counts"`
}

func verdict(holds bool, format string, args ...any) string {
	word := "does not hold"
	if holds {
		word = "holds"
	}
	return word + ": " + fmt.Sprintf(format, args...)
}

// count is n with its noun, singular or plural.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func readCell(rc ReadCounts) string {
	return fmt.Sprintf("%s, %s read %q, %d left in kernel", count(rc.Wakeups, "wakeup"), count(rc.BytesRead, "byte"), rc.Read, rc.Left)
}

func findingOneByte(lt, et OneByteRun) Finding {
	holds := lt.First.Wakeups == 7 && lt.First.BytesRead == 7 && lt.First.Left == 0 &&
		et.First.Wakeups == 1 && et.First.BytesRead == 1 && et.First.Left == 6
	return Finding{
		ID: "1", Probe: `one 7-byte message "abcdef\n", 1-byte read per wakeup`,
		LT: readCell(lt.First), ET: readCell(et.First),
		Claim: "LT wakes 7 times, 1 byte each; ET wakes once, reads 1 byte, 6 bytes stay in the kernel buffer",
		Holds: holds,
		Verdict: verdict(holds, "LT %d/%d, ET %d/%d with %d left", lt.First.Wakeups, lt.First.BytesRead,
			et.First.Wakeups, et.First.BytesRead, et.First.Left),
		Counts: map[string]ReadCounts{"lt": lt.First, "et": et.First},
	}
}

func findingLaterData(lt, et OneByteRun) Finding {
	holds := et.Later.Wakeups == 1 && et.Later.Read == "b"
	return Finding{
		ID: "2", Probe: `then "123" arrives`,
		LT: readCell(lt.Later), ET: readCell(et.Later),
		Claim: `ET: "123" wakes the server once more and it reads the old "b", not new data`,
		Holds: holds,
		Verdict: verdict(holds, "ET %s, read %q (new data sent: %q), %d bytes left in kernel",
			count(et.Later.Wakeups, "wakeup"), et.Later.Read, laterMessage, et.Later.Left),
		Counts: map[string]ReadCounts{"lt": lt.Later, "et": et.Later},
	}
}

func spinCell(sc SpinCounts) string {
	return fmt.Sprintf("%s in %v (window %v; %.0f/s), thread CPU %v (%.0f%%)",
		count(sc.Wakeups, "writable wakeup"), sc.Elapsed.Round(time.Millisecond), sc.Window, sc.PerSecond, sc.ThreadCPU.Round(time.Microsecond), 100*sc.CPUShare)
}

func findingSpin(lt, et SpinCounts) Finding {
	holds := et.Wakeups == 1 && lt.Wakeups > 100
	return Finding{
		ID: "3", Probe: "EPOLLIN|EPOLLOUT on an idle writable socket, bounded window",
		LT: spinCell(lt), ET: spinCell(et),
		Claim: `LT: "writable" fires continuously, a busy loop; ET: once`,
		Holds: holds,
		Verdict: verdict(holds, "LT %d vs ET %d wakeups in a %v window; LT burned %v CPU",
			lt.Wakeups, et.Wakeups, lt.Window, lt.ThreadCPU.Round(time.Microsecond)),
		Counts: map[string]SpinCounts{"lt": lt, "et": et},
	}
}

func rearmCell(rc RearmCounts) string {
	return fmt.Sprintf("%s, %s: %d initial OUT, %s, %s",
		count(rc.Messages, "message"), count(rc.Rearms, "MOD re-arm"), rc.InitialOut,
		count(rc.OutOnly, "OUT-only wakeup"), count(rc.OutWithIn, "IN|OUT wakeup"))
}

func findingRearm(with, without RearmCounts) Finding {
	holds := with.InitialOut == 1 && with.OutOnly == with.Rearms && with.Rearms == with.Messages &&
		without.InitialOut == 1 && without.OutOnly == 0
	detail := fmt.Sprintf("OUT-only wakeups %d = re-arms %d (%d without MOD)", with.OutOnly, with.Rearms, without.OutOnly)
	if without.OutWithIn > 0 {
		detail += fmt.Sprintf("; yet %d of %d data wakeups carried OUT too, even without MOD: the text's if/else-if hid them",
			without.OutWithIn, without.Messages)
	}
	return Finding{
		ID: "4", Probe: "ET EPOLLIN|EPOLLOUT, EPOLL_CTL_MOD re-arm on each message",
		LT:      "n/a (LT never stops reporting writable: probe 3)",
		ET:      "with MOD: " + rearmCell(with) + "; without MOD: " + rearmCell(without),
		Claim:   "ET: writable fires once, then once more per EPOLL_CTL_MOD re-arm",
		Holds:   holds,
		Verdict: verdict(holds, "%s", detail),
		Counts:  map[string]RearmCounts{"with_mod": with, "without_mod": without},
	}
}
