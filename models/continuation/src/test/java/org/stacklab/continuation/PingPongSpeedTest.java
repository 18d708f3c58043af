package org.stacklab.continuation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.spi.RunOutcome;

/**
 * A rough wall-clock figure for the simulator's speed on this model (the JMH benchmarks are the real
 * measurement): {@code mvn test -Dstacklab.speed=true [-Dstacklab.speed.roundTrips=200000]}. Times one
 * warm-up run and one measured run of the ping-pong workload without observation logs.
 */
@EnabledIfSystemProperty(named = "stacklab.speed", matches = "true")
class PingPongSpeedTest {

    @Test
    void pingPongOneWayIpcsPerSecond() {
        int roundTrips = Integer.getInteger("stacklab.speed.roundTrips", 200_000);
        KernelOptions noLogs = new KernelOptions(false, 1L << 40);
        ContinuationModelTest.pingPong(roundTrips / 4).run(new ContinuationModel(), noLogs); // warm-up
        long t0 = System.nanoTime();
        Fixture.Result r = ContinuationModelTest.pingPong(roundTrips).run(new ContinuationModel(), noLogs);
        long ns = System.nanoTime() - t0;
        assertThat(r.outcome()).isEqualTo(RunOutcome.QUIESCENT);
        long messages = r.kernel().counters().messages;
        assertThat(messages).isEqualTo(2L * roundTrips);
        System.out.printf("continuation pingpong: %d round trips, %d one-way IPCs in %.3f s = %.0f IPCs/s (%.0f ns each);"
                        + " %d simulated cycles, %.1f cycles per round trip%n",
                roundTrips, messages, ns / 1e9, messages / (ns / 1e9), (double) ns / messages,
                r.cycles(), (double) r.cycles() / roundTrips);
    }
}
