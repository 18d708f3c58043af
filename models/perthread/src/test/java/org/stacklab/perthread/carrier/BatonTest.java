package org.stacklab.perthread.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class BatonTest {

    /** Counts how many carriers run at once; the baton allows exactly one. */
    private static final class Exclusive {
        final AtomicInteger running = new AtomicInteger();
        volatile int maxRunning;

        void enter() {
            int now = running.incrementAndGet();
            if (now > maxRunning) {
                maxRunning = now;
            }
        }

        void leave() {
            running.decrementAndGet();
        }
    }

    @Test
    void killEndsAParkedCarrierWithoutRunningItsCodeAndANeverStartedOneNeverStarts() {
        Baton baton = new Baton("k:");
        List<String> trace = new ArrayList<>();
        AtomicInteger aliveAfterKill = new AtomicInteger(-1);
        Carrier[] c = new Carrier[3];
        c[1] = baton.newCarrier("victim", () -> {
            trace.add("victim parks");
            baton.switchTo(c[0]);
            trace.add("victim resumed"); // never: it is killed while parked
        });
        c[2] = baton.newCarrier("never", () -> trace.add("never runs"));
        c[0] = baton.newCarrier("killer", () -> {
            trace.add("killer starts");
            baton.switchTo(c[1]);
            trace.add("killer back");
            baton.kill(c[1]);
            baton.kill(c[2]);
            aliveAfterKill.set(baton.alive());
            baton.exitTo(null);
        });
        baton.run(c[0]);

        assertThat(trace).containsExactly("killer starts", "victim parks", "killer back");
        assertThat(aliveAfterKill.get()).as("only the killer is alive once kill returns").isEqualTo(1);
        assertThat(c[2].started()).isFalse();
        assertThat(baton.alive()).isZero();
    }

    @Test
    void carriersRunOneAtATimeInTheOrderTheyHandTheBatonOn() {
        Baton baton = new Baton("t:");
        List<String> trace = new ArrayList<>(); // plain list: the baton orders every access
        Exclusive ex = new Exclusive();
        Carrier[] c = new Carrier[3];
        for (int i = 0; i < 3; i++) {
            int me = i;
            c[i] = baton.newCarrier("c" + i, () -> {
                for (int round = 0; round < 1000; round++) {
                    ex.enter();
                    trace.add(me + ":" + round);
                    ex.leave();
                    baton.switchTo(me == 2 && round == 999 ? null : c[(me + 1) % 3]);
                }
            });
        }
        baton.run(c[0]);

        assertThat(trace).hasSize(3000);
        for (int k = 0; k < 3000; k++) {
            assertThat(trace.get(k)).isEqualTo((k % 3) + ":" + (k / 3));
        }
        assertThat(ex.maxRunning).isEqualTo(1);
        assertThat(baton.started()).isEqualTo(3);
        assertThat(baton.alive()).as("c0 and c1 were parked at the end and are unwound").isZero();
    }

    @Test
    void aCarrierThatExitsHandsTheBatonOnAndEnds() {
        Baton baton = new Baton("t:");
        List<String> trace = new ArrayList<>();
        AtomicReference<Carrier> second = new AtomicReference<>();
        Carrier first = baton.newCarrier("first", () -> {
            trace.add("first");
            baton.exitTo(second.get());
        });
        second.set(baton.newCarrier("second", () -> {
            trace.add("second");
            baton.exitTo(null);
        }));
        baton.run(first);
        assertThat(trace).containsExactly("first", "second");
        assertThat(baton.alive()).isZero();
    }

    @Test
    void anExceptionOnACarrierIsRethrownByRunAndEveryCarrierEnds() {
        Baton baton = new Baton("t:");
        RuntimeException boom = new IllegalArgumentException("boom");
        AtomicReference<Carrier> thrower = new AtomicReference<>();
        Carrier parked = baton.newCarrier("parked", () -> {
            baton.switchTo(thrower.get());
            throw new AssertionError("never resumed");
        });
        thrower.set(baton.newCarrier("thrower", () -> {
            throw boom;
        }));

        assertThatThrownBy(() -> baton.run(parked)).isSameAs(boom);
        assertThat(baton.started()).isEqualTo(2);
        assertThat(baton.alive()).isZero();
    }

    @Test
    void anErrorIsRethrownToo() {
        Baton baton = new Baton("t:");
        Carrier c = baton.newCarrier("c", () -> {
            throw new StackOverflowError("deep");
        });
        assertThatThrownBy(() -> baton.run(c)).isInstanceOf(StackOverflowError.class).hasMessage("deep");
    }

    @Test
    void aCarrierThatEndsHoldingTheBatonIsAFailureNotAHang() {
        Baton baton = new Baton("t:");
        Carrier c = baton.newCarrier("c", () -> { });
        assertThatThrownBy(() -> baton.run(c)).isInstanceOf(IllegalStateException.class).hasMessageContaining("without handing");
    }

    @Test
    void onlyTheHolderMaySwitch() {
        Baton baton = new Baton("t:");
        Carrier c = baton.newCarrier("c", () -> baton.exitTo(null));
        assertThatThrownBy(() -> baton.switchTo(c)).isInstanceOf(IllegalStateException.class);
        baton.run(c);
        assertThatThrownBy(() -> baton.run(c)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInterruptedHostStopsTheRunAtTheNextSwitch() throws Exception {
        Baton baton = new Baton("t:");
        AtomicReference<Carrier> b = new AtomicReference<>();
        Carrier a = baton.newCarrier("a", () -> {
            while (true) {
                baton.switchTo(b.get());
            }
        });
        b.set(baton.newCarrier("b", () -> {
            while (true) {
                baton.switchTo(a);
            }
        }));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread host = Thread.ofPlatform().start(() -> {
            try {
                baton.run(a);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Thread.sleep(50);
        host.interrupt();
        host.join(10_000);
        assertThat(host.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(CancellationException.class);
        assertThat(baton.alive()).isZero();
    }
}
