package io.hsu.core.config;

import org.snakeyaml.engine.v2.exceptions.Mark;

/** Stops loading when a document breaks one of the {@link YamlOptions} limits; carries where. */
final class YamlLimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Mark mark;

    YamlLimitExceeded(String message, Mark mark) {
        super(message, null, false, false);
        this.mark = mark;
    }

    /** Where the limit was broken, or null when unknown. */
    Mark mark() {
        return mark;
    }
}
