package org.stacklab.kernel.metrics;

import java.util.IdentityHashMap;
import java.util.Map;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.user.UserContext;

/**
 * The latency of every IPC Call a user program makes, in simulated cycles, measured in the code every
 * model shares ({@code UserCpu}): from the caller's kernel entry — the cycle its {@code syscall}
 * instruction traps — to its return to user mode with the reply (the start of {@code UserCpu.run}, after
 * the kernel exit). A <em>Call</em> is an IPC system call with a send and a receive phase whose receive is
 * closed on the destination (to ≠ nil, FromSpecifier = to: {@code ipc.call}); ReplyWait and other IPCs
 * are not Calls, nor are the Calls the kernel makes for a thread (exceptions, page faults: the thread
 * executed no {@code syscall}).
 *
 * <p>A Call counts when it returns to user mode complete and without the error bit in its tag (the
 * reply arrived); a failed Call (timeout, abort, no partner) and one still open when the run ends
 * record nothing. Across a restart (the stateless model re-executes the same system call, possibly as
 * its receive-only stage) the entry of the first attempt counts: an open Call is closed only by a
 * return to user mode with the system call complete ({@link UserContext#inSyscall()} false).
 *
 * <p>Invariant: Java-side bookkeeping only (no simulated access), deterministic.
 */
public final class CallLatency {
    private final Map<Tcb, Long> open = new IdentityHashMap<>();
    private final LatencyRecorder recorder = new LatencyRecorder();

    /**
     * {@code t} executes an IPC {@code syscall} instruction at cycle {@code now}: if it is not already
     * in a Call (a re-executed one keeps its first entry) and this IPC is a Call, the Call opens.
     */
    public void ipcEntered(Tcb t, long now) {
        if (open.containsKey(t)) {
            return;
        }
        UserContext u = t.user();
        long to = u.reg(0);
        if (to != ThreadId.NIL.raw() && u.reg(1) == to) {
            open.put(t, now);
        }
    }

    /** {@code t} returns to user mode at cycle {@code now}: a Call it completed with the reply is a sample. */
    public void returningToUser(Tcb t, long now) {
        if (open.isEmpty() || t.user().inSyscall()) {
            return;
        }
        Long at = open.remove(t);
        if (at != null && !new MsgTag(t.user().utcb().mr(0)).error()) {
            recorder.record(now - at);
        }
    }

    /** The Calls measured so far. */
    public LatencyRecorder recorder() {
        return recorder;
    }
}
