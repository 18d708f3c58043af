package org.stacklab.continuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.conformance.Prog;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;

/**
 * DESIGN.md rule 3 for this model: on hand-written and randomly generated workloads, every thread
 * observes exactly what it observes under the kernel kit's reference reading of the SPI contract —
 * with continuations and with the process-model fallback alike.
 */
class ReferenceEquivalenceTest {

    @Test
    void handWrittenWorkloadsMatchTheReference() {
        List<Fixture> workloads = List.of(
                ContinuationModelTest.pingPong(20),
                ContinuationModelTest.idleClients(7),
                priorityInversionOfCalls());
        for (Fixture f : workloads) {
            var expected = f.reference().logs();
            assertThat(f.continuation().logs()).isEqualTo(expected);
            assertThat(f.keepingStacks().logs()).isEqualTo(expected);
        }
    }

    /** A low-priority client Calls a high-priority server that first serves a medium one. */
    private static Fixture priorityInversionOfCalls() {
        ThreadId server = Fixture.id(0);
        Prog srv = Prog.named("server").waitAny().label("loop").setMrImm(0, MsgTag.of(1, 0, 0).raw())
                .replyWaitToLastSender().jump("loop");
        return new Fixture()
                .thread("server", "s", 200, srv.build())
                .thread("lo", "l", 10, Prog.named("lo").call(server, 1).call(server, 2).halt().build())
                .thread("mid", "m", 50, Prog.named("mid").call(server, 3).yield().call(server, 4).halt().build())
                .thread("mid2", "m", 50, Prog.named("mid2").threadSwitch(Fixture.id(2)).call(server, 5).halt().build());
    }

    @Test
    void randomWorkloadsMatchTheReference() {
        Random seeds = new Random(0x5eed_c0de);
        for (int i = 0; i < 600; i++) {
            long seed = seeds.nextLong();
            Fixture f = randomWorkload(new Random(seed));
            Fixture.Result ref = f.reference();
            Fixture.Result cont = f.continuation();
            Fixture.Result kept = f.keepingStacks();
            assertThat(cont.logs()).as("seed %d, continuations", seed).isEqualTo(ref.logs());
            assertThat(kept.logs()).as("seed %d, kept stacks", seed).isEqualTo(ref.logs());
            assertThat(cont.outcome()).as("seed %d", seed).isEqualTo(ref.outcome());
            assertThat(states(cont)).as("seed %d, final states", seed).isEqualTo(states(ref));
            assertThat(states(kept)).as("seed %d, final states (kept)", seed).isEqualTo(states(ref));
            assertThat(cont.userStates()).as("seed %d, final user state", seed).isEqualTo(ref.userStates());
            assertThat(kept.userStates()).as("seed %d, final user state (kept)", seed).isEqualTo(ref.userStates());
            // the continuation kernel never leaves frames behind and never has a second stack
            assertThat(cont.kernel().stacks().inUse()).as("seed %d", seed).isZero();
            assertThat(cont.kernel().stacks().stacksCreated()).as("seed %d", seed).isEqualTo(1);
            var c = cont.kernel().counters();
            assertThat(c.recognitions).isLessThanOrEqualTo(c.handoffs);
            assertThat(c.handoffs).isLessThanOrEqualTo(c.blocks);
            assertThat(c.stackDiscards).isEqualTo(c.blocks);
            // with kept stacks: exactly the threads blocked in a receive hold one, plus the CPU's
            long waiting = kept.kernel().threads().stream().filter(t -> t.peekState() == ThreadState.WAITING).count();
            assertThat(kept.kernel().stacks().inUse()).as("seed %d", seed).isEqualTo((int) waiting);
            assertThat(kept.kernel().stacks().reservedBytes()).as("seed %d", seed)
                    .isEqualTo((waiting + 1) * Fixture.profile().kernelStackBytes());
        }
    }

    private static List<ThreadState> states(Fixture.Result r) {
        return r.kernel().threads().stream().map(Tcb::peekState).toList();
    }

    /** 2–5 threads in 1–3 spaces at three priorities, each a short straight-line program of IPCs. */
    static Fixture randomWorkload(Random rnd) {
        int n = 2 + rnd.nextInt(4);
        int spaces = 1 + rnd.nextInt(3);
        String[] space = new String[n];
        int[] slot = new int[n];
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < n; i++) {
            space[i] = "s" + rnd.nextInt(spaces);
            slot[i] = slots.merge(space[i], 1, Integer::sum) - 1;
        }
        Fixture f = new Fixture();
        for (int i = 0; i < n; i++) {
            Prog p = Prog.named("t" + i);
            int ops = 1 + rnd.nextInt(6);
            for (int j = 0; j < ops; j++) {
                ThreadId to = target(rnd, n, i, space, slot);
                long w = 1000L * i + j;
                switch (rnd.nextInt(14)) {
                    case 0, 1 -> p.send(to, w);
                    case 2 -> p.sendTimeout(to, Timeout.ZERO, w, w + 1);
                    case 3, 4 -> p.call(to, w);
                    case 5 -> p.replyWait(to, w);
                    case 6, 7 -> p.waitAny();
                    case 8 -> p.receive(to);
                    case 9 -> p.receiveTimeout(rnd.nextBoolean() ? ThreadId.ANY : ThreadId.ANY_LOCAL, Timeout.ZERO);
                    case 10 -> p.threadSwitch(rnd.nextInt(3) == 0 ? ThreadId.NIL : to);
                    case 11 -> p.nullIpc();
                    case 12 -> p.receive(ThreadId.ANY_LOCAL);
                    default -> {
                        if (rnd.nextInt(4) == 0) { // an overflowing message: u + t + 1 > 64
                            p.setMrImm(0, MsgTag.of(Prog.LABEL, 40, 30).raw())
                                    .ipc(to, rnd.nextBoolean() ? ThreadId.NIL : to, Timeout.NEVER, Timeout.NEVER);
                        } else {
                            p.compute(1 + rnd.nextInt(500));
                        }
                    }
                }
            }
            f.thread("t" + i, space[i], 10 + rnd.nextInt(3), p.halt().build());
        }
        return f;
    }

    /** Mostly another thread's global id; sometimes its local id (same space), itself, or a bad id. */
    private static ThreadId target(Random rnd, int n, int me, String[] space, int[] slot) {
        int r = rnd.nextInt(20);
        if (r == 0) {
            return Fixture.id(n + 3); // never created
        }
        if (r == 1) {
            return ThreadId.global(Fixture.id(rnd.nextInt(n)).number(), 2); // stale version
        }
        int t = r == 2 ? me : rnd.nextInt(n);
        if (space[t].equals(space[me]) && rnd.nextBoolean()) {
            return Kernel.localIdOf(slot[t]);
        }
        return Fixture.id(t);
    }

    @Test
    void generatorCoversTheInterestingPaths() {
        // the random workloads above exercise handoffs, recognitions, passive senders and both fallbacks
        Random seeds = new Random(0x5eed_c0de);
        long handoffs = 0;
        long recognitions = 0;
        long keeps = 0;
        long overflowed = 0;
        for (int i = 0; i < 200; i++) {
            Fixture f = randomWorkload(new Random(seeds.nextLong()));
            Fixture.Result c = f.continuation();
            handoffs += c.kernel().counters().handoffs;
            recognitions += c.kernel().counters().recognitions;
            keeps += f.keepingStacks().kernel().counters().stackKeeps;
            overflowed += c.logs().values().stream().flatMap(List::stream).filter(o -> o.errorCode() == 0x8 || o.errorCode() == 0x9).count();
        }
        assertThat(handoffs).isPositive();
        assertThat(recognitions).isPositive();
        assertThat(keeps).isPositive();
        assertThat(overflowed).isPositive();
    }
}
