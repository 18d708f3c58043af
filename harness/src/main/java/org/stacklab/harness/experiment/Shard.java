package org.stacklab.harness.experiment;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.stacklab.harness.UserError;
import org.stacklab.harness.experiment.Experiment.Point;

/**
 * A deterministic slice of a sweep's points, {@code --shard i/n}: the points whose 0-based index
 * {@code index % n == i - 1}. The {@code n} shards of an experiment hold every point exactly once.
 *
 * @param index 1-based number of this shard, {@code 1 <= index <= count}
 * @param count number of shards, at least 1
 */
public record Shard(int index, int count) {
    /** The whole sweep, {@code 1/1}. */
    public static final Shard ALL = new Shard(1, 1);
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count);
        }
    }

    /**
     * Parses {@code i/n}.
     *
     * @throws UserError naming the text and the form it must have
     */
    public static Shard parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new UserError("option '--shard': '" + text + "' is not i/n (the i-th of n shards, 1 <= i <= n, e.g. --shard 2/8)");
        }
        int i = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1 || i < 1 || i > n) {
            throw new UserError("option '--shard': '" + text + "' is not i/n with 1 <= i <= n (shards are numbered from 1, e.g. --shard "
                    + Math.max(1, n) + "/" + Math.max(1, n) + " is the last of " + Math.max(1, n) + ")");
        }
        return new Shard(i, n);
    }

    /** Whether this is the whole sweep. */
    public boolean all() {
        return count == 1;
    }

    /** Whether {@code point} belongs to this shard. */
    public boolean contains(Point point) {
        return point.index() % count == index - 1;
    }

    /** This shard's points of {@code points}, in order. */
    public List<Point> of(List<Point> points) {
        return points.stream().filter(this::contains).toList();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
