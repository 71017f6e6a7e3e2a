package io.hsu.core;

import java.util.Objects;

/**
 * The id of a worker: 1 to 64 characters of {@code [A-Za-z0-9_-]}, unique within a master. A
 * replica of a worker adds {@code #N} ({@code web-1#0}); see {@link #replica(int)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the id as written in the config
 */
public record WorkerId(String value) implements Comparable<WorkerId> {
    /** The longest id accepted. */
    public static final int MAX_LENGTH = 64;

    /**
     * @throws IllegalArgumentException if {@code value} is empty, longer than {@value #MAX_LENGTH}
     *     characters, or holds a character outside {@code [A-Za-z0-9_-]} (the message says which)
     */
    public WorkerId {
        Objects.requireNonNull(value, "worker id must not be null");
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Same as {@code new WorkerId(value)}. */
    public static WorkerId of(String value) {
        return new WorkerId(value);
    }

    /**
     * Says what is wrong with {@code value} as a worker id, or returns null when it is valid; for
     * validators that collect problems instead of throwing.
     */
    public static String problemWith(String value) {
        if (value.isEmpty()) {
            return "worker id must not be empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "worker id must be at most " + MAX_LENGTH + " characters, but was " + value.length();
        }
        int base = value.indexOf('#');
        int end = base < 0 ? value.length() : base;
        if (base == 0) {
            return "worker id must not start with '#'";
        }
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (!isIdChar(c)) {
                return "worker id '" + value + "' has '" + printable(value.codePointAt(i)) + "' at position " + (i + 1)
                        + "; use only letters A-Z a-z, digits, '_' and '-'";
            }
        }
        if (base >= 0) {
            String index = value.substring(base + 1);
            if (index.isEmpty() || index.length() > 6 || !index.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "worker id '" + value + "' must end in '#' and a replica number, like 'web#0'";
            }
        }
        return null;
    }

    /** The id of replica {@code index} of this worker, {@code id#index}. */
    public WorkerId replica(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("replica index must be >= 0, but was " + index);
        }
        return new WorkerId(value + "#" + index);
    }

    @Override
    public int compareTo(WorkerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static String printable(int codePoint) {
        return Character.isISOControl(codePoint) ? String.format("\\u%04x", codePoint) : Character.toString(codePoint);
    }
}
