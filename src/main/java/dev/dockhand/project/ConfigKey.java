package dev.dockhand.project;

import java.util.List;

/**
 * One environment variable the app reads, as the analysis found it. Never holds a value: values are
 * read from the dotenv files when a run needs them.
 *
 * @param name       the variable's name
 * @param kind       the proposed kind
 * @param kindReason why that kind was proposed, in the user's words ("the name ends in _TOKEN")
 * @param readAt     where the code reads it ("src/db.ts:4"), at most a few places
 * @param hasDefault true when the code falls back to a default (or treats it as optional)
 * @param valueFiles the dotenv files that give it a value, most specific first (".env.production", ".env")
 * @param listedIn   the template files that list it without a usable value (".env.example")
 */
public record ConfigKey(String name, ConfigKind kind, String kindReason, List<String> readAt, boolean hasDefault,
                        List<String> valueFiles, List<String> listedIn) {

    public ConfigKey {
        readAt = List.copyOf(readAt);
        valueFiles = List.copyOf(valueFiles);
        listedIn = List.copyOf(listedIn);
    }

    /** True when the task would start without it: read with no default and no value in any dotenv file. */
    public boolean missing() {
        return !readAt.isEmpty() && !hasDefault && valueFiles.isEmpty();
    }
}
