package org.stacklab.harness.cli;

import java.util.List;

import org.stacklab.machine.config.Suggestions;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one line for a command line picocli cannot match: an unknown command or option named as such,
 * with the closest valid names ({@code unknown command 'swep' (did you mean 'sweep'?)}) instead of
 * picocli's "Unmatched arguments from index 0"; a value that is not a whole number said so, not
 * "is not an int"; a value outside a fixed list listed plainly, with the closest one.
 */
final class Typos {
    private Typos() {}

    /** picocli's message for a value outside a fixed list. */
    private static final java.util.regex.Pattern CHOICE =
            java.util.regex.Pattern.compile("Invalid value for (.*): expected one of \\[(.*)\\] \\(case-sensitive\\) but was '(.*)'");

    /** The valid value {@code given} is closest to (same letters in another case, a prefix, or two edits away), or null. */
    static String closest(String given, List<String> valid) {
        String best = null;
        int bestDistance = 3;
        for (String v : valid) {
            int d = v.equalsIgnoreCase(given) ? 0 : v.startsWith(given) || given.startsWith(v) ? 1 : Suggestions.distance(given.toLowerCase(), v);
            if (d < bestDistance) {
                best = v;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The message for {@code e}: a clearer one for unmatched arguments, picocli's otherwise. */
    static String message(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            // picocli names Java types ('4k' is not an int); a researcher reads whole numbers
            String m = e.getMessage().replaceFirst("' is not an? (int|long)$", "' is not a whole number");
            java.util.regex.Matcher choice = CHOICE.matcher(m);
            if (choice.matches()) {
                List<String> valid = List.of(choice.group(2).split(", "));
                String given = choice.group(3);
                String close = closest(given, valid);
                return choice.group(1) + ": '" + given + "' is not one of " + String.join(", ", valid)
                        + (close == null ? "" : " (did you mean '" + close + "'?)");
            }
            return m;
        }
        CommandLine c = u.getCommandLine();
        String first = u.getUnmatched().get(0);
        List<String> suggestions = u.getSuggestions();
        String hint = suggestions.isEmpty() ? "" : " (did you mean '" + String.join("' or '", suggestions.subList(0, Math.min(2, suggestions.size()))) + "'?)";
        boolean root = c.getParent() == null;
        if (first.startsWith("-")) {
            return "unknown option '" + first + "'" + (root ? "" : " of '" + c.getCommandSpec().qualifiedName() + "'") + hint;
        }
        if (root && !c.getSubcommands().isEmpty()) {
            return "unknown command '" + first + "'" + hint + "; commands: " + String.join(", ", c.getSubcommands().keySet());
        }
        return "unexpected argument '" + first + "'" + (u.getUnmatched().size() > 1 ? " (and " + (u.getUnmatched().size() - 1) + " more)" : "")
                + " for '" + c.getCommandSpec().qualifiedName() + "'" + hint;
    }
}
