package io.hsu.cli;

import io.hsu.core.HsuException;

/** Exit codes of {@code hsu}, from {@link io.hsu.core.ErrorKind}. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int CONFLICT = 3;

    private ExitCodes() {
    }

    static int of(Throwable error) {
        if (error instanceof HsuException hsu) {
            switch (hsu.kind()) {
                case CONFIG:
                case USAGE:
                    return USAGE;
                case CONFLICT:
                    return CONFLICT;
                default:
                    return FAILURE;
            }
        }
        if (error instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        return FAILURE;
    }
}
