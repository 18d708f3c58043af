package org.stacklab.harness.cli;

import java.util.Map;

import org.stacklab.harness.UserError;

/** Checks {@code --param KEY=VALUE} options beyond what picocli's map parsing does. */
final class Params {
    private Params() {}

    static Map<String, String> check(Map<String, String> params) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().isBlank()) {
                throw new UserError("bad --param '=" + e.getValue() + "': expected KEY=VALUE with a non-empty KEY");
            }
            if (e.getValue().isEmpty()) {
                throw new UserError("bad --param '" + e.getKey() + "': expected KEY=VALUE, e.g. --param rounds=1000");
            }
        }
        return params;
    }
}
