package org.stacklab.harness.cli;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one line for a command line picocli cannot match: an unknown command or option named as such,
 * with the closest valid names ({@code unknown command 'swep' (did you mean 'sweep'?)}) instead of
 * picocli's "Unmatched arguments from index 0"; a value that is not a whole number said so, not
 * "is not an int".
 */
final class Typos {
    private Typos() {}

    /** The message for {@code e}: a clearer one for unmatched arguments, picocli's otherwise. */
    static String message(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            // picocli names Java types ('4k' is not an int); a researcher reads whole numbers
            return e.getMessage().replaceFirst("' is not an? (int|long)$", "' is not a whole number");
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
