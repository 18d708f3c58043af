package org.stacklab.harness.experiment;

import java.io.PrintWriter;
import java.time.Duration;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of a sweep on stderr: points done of the total, the estimated time left, the last
 * finished point. Called from the worker threads (implementations are thread-safe).
 *
 * <p>Two forms: {@link #bar} redraws one line in place (a terminal); {@link #lines} prints one plain
 * line per finished point, {@code [3/15] id  (eta 0:12)}, for logs, CI and tests (no carriage returns,
 * no escape codes). The estimate counts only the points run in this invocation (a resume does not
 * count the points found done).
 */
public interface Progress extends AutoCloseable {
    /** Starts: {@code done} of {@code total} points are done already (found in the run folder). */
    void start(int total, int done);

    /** A point finished ({@code ok}) or failed. */
    void finished(Experiment.Point point, boolean ok);

    /** Ends the display (a terminal bar leaves its last state on its line). */
    @Override
    void close();

    /** Nothing at all. */
    static Progress none() {
        return new Lines(null);
    }

    /** One plain line per finished point on {@code err}. */
    static Progress lines(PrintWriter err) {
        return new Lines(err);
    }

    /** A bar redrawn in place on {@code err} (a terminal of {@code columns} columns). */
    static Progress bar(PrintWriter err, int columns) {
        return new Bar(err, columns);
    }

    /** {@code m:ss} or {@code h:mm:ss}. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }

    /** Plain lines. */
    final class Lines implements Progress {
        private final PrintWriter err;
        private int total;
        private int done;
        private int startDone;
        private long startNanos;

        Lines(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void start(int total, int done) {
            this.total = total;
            this.done = done;
            this.startDone = done;
            this.startNanos = System.nanoTime();
        }

        @Override
        public synchronized void finished(Experiment.Point point, boolean ok) {
            if (ok) {
                done++;
            }
            if (err == null) {
                return;
            }
            String eta = "";
            int ran = done - startDone;
            if (ok && ran > 0 && done < total) {
                long per = (System.nanoTime() - startNanos) / ran;
                eta = "  (eta " + clock(Duration.ofNanos(per * (total - done))) + ")";
            }
            err.println("[" + done + "/" + total + "] " + point.id() + (ok ? eta : " FAILED"));
            err.flush();
        }

        @Override
        public void close() {
            if (err != null) {
                err.flush();
            }
        }
    }

    /** A terminal bar (me.tongfei:progressbar) drawing on the command's stderr. */
    final class Bar implements Progress {
        private final PrintWriter err;
        private final int columns;
        private ProgressBar bar;
        /** Whether the bar's line was ended with a newline (by the library's close, or by {@link #close} if it did not). */
        private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

        Bar(PrintWriter err, int columns) {
            this.err = err;
            this.columns = columns;
        }

        @Override
        public synchronized void start(int total, int done) {
            ProgressBarConsumer consumer = new ProgressBarConsumer() {
                @Override
                public int getMaxRenderedLength() {
                    return columns - 1;
                }

                @Override
                public void accept(String line) {
                    synchronized (err) {
                        err.print("\r" + line + "\u001b[K"); // erase what a longer line left
                        err.flush();
                    }
                }

                @Override
                public void close() {
                    endLine();
                }
            };
            bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(consumer).setUpdateIntervalMillis(500).startsFrom(done, Duration.ZERO).build();
        }

        @Override
        public synchronized void finished(Experiment.Point point, boolean ok) {
            if (ok) {
                bar.step();
            }
            bar.setExtraMessage((ok ? "" : "FAILED ") + point.id());
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close(); // renders the final state (on the library's thread, waited for)
                bar = null;
                endLine(); // the library skips its consumer's close when it closes before its first tick
            }
        }

        private void endLine() {
            if (ended.compareAndSet(false, true)) {
                synchronized (err) {
                    err.println();
                    err.flush();
                }
            }
        }
    }
}
