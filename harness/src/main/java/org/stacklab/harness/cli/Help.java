package org.stacklab.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The conventions of every command's {@code --help}, applied to the whole command tree in one place
 * (so commands added later follow them too): the examples are each command's footer (starting with a
 * line "Examples:"), followed by the same exit status list everywhere; the top-level command list
 * gives each command one line.
 */
final class Help {
    /** The exit status list every command's help ends with. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private Help() {}

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("0", "success; results on stdout");
        m.put("1", "failure: a model failed or broke an invariant (reason on stderr)");
        m.put("2", "bad input: an option, a name or a file (one line on stderr)");
        return m;
    }

    /** Applies the conventions to {@code root} and every subcommand it has now. */
    static void install(CommandLine root) {
        List<String> keys = new ArrayList<>(root.getHelpSectionKeys());
        keys.remove(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING);
        keys.remove(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST);
        int footer = keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER);
        keys.add(footer + 1, UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING);
        keys.add(footer + 2, UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST);
        root.setHelpSectionKeys(keys); // for the whole hierarchy
        CommandLine help = root.getSubcommands().get("help");
        if (help != null && help.getCommandSpec().usageMessage().footer().length == 0) {
            help.getCommandSpec().usageMessage().footer("", "Examples:", "  stacklab help", "  stacklab help run");
        }
        exitCodes(root);
        root.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Help::commandList);
    }

    private static void exitCodes(CommandLine c) {
        c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(EXIT_CODES);
        for (CommandLine sub : c.getSubcommands().values()) {
            exitCodes(sub);
        }
    }

    /** The command list: one line per command, its name and the first sentence of its description (cut to fit). */
    static String commandList(CommandLine.Help help) {
        Map<String, CommandLine.Help> subs = help.subcommands();
        int w = 0;
        for (Map.Entry<String, CommandLine.Help> e : subs.entrySet()) {
            if (!e.getValue().commandSpec().usageMessage().hidden()) {
                w = Math.max(w, e.getKey().length());
            }
        }
        int width = help.commandSpec().usageMessage().width();
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, CommandLine.Help> e : subs.entrySet()) {
            UsageMessageSpec u = e.getValue().commandSpec().usageMessage();
            if (u.hidden()) {
                continue;
            }
            String line = "  " + Listing.line(w, e.getKey(), summary(u));
            b.append(fit(line, width)).append(System.lineSeparator());
        }
        return b.toString();
    }

    /** A command's one-line summary: its header, else the first sentence of its description. */
    static String summary(UsageMessageSpec u) {
        String[] text = u.header().length > 0 ? u.header() : u.description();
        String first = text.length == 0 ? "" : text[0].replace("%n", " ");
        return org.stacklab.harness.experiment.Experiments.firstSentence(first);
    }

    private static String fit(String line, int width) {
        if (line.length() <= width) {
            return line;
        }
        int cut = line.lastIndexOf(' ', width - 3);
        return line.substring(0, cut > 0 ? cut : width - 3) + "...";
    }
}
