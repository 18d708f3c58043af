package org.stacklab.machine.config;

import java.util.Collection;
import java.util.Locale;

/**
 * The "did you mean" hint of an unknown-field message: {@code unknown field (did you mean 'ways'?)}.
 *
 * <p>Invariant: a name is suggested only if it is within edit distance 2 of the key, ignoring case, and
 * the distance is less than half the key's length (so a short key is not "corrected" to anything);
 * the closest name wins, the first one in iteration order on a tie.
 */
public final class Suggestions {
    private static final int MAX_DISTANCE = 2;

    private Suggestions() {}

    /**
     * @param key   the unknown key as written
     * @param names the known names
     * @return {@code " (did you mean 'x'?)"} for the closest known name {@code x}, or {@code ""} if none is close
     */
    public static String didYouMean(String key, Collection<String> names) {
        String lowerKey = key.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String n : names) {
            int d = distance(lowerKey, n.toLowerCase(Locale.ROOT));
            if (d < bestDistance && 2 * d < key.length()) {
                best = n;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Levenshtein distance: the fewest one-character insertions, deletions and substitutions from {@code a} to {@code b}. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
