package io.hsu.core.internal;

/** Argument and state checks with formatted messages ("x must be >= 1, but was 0"). */
public final class Checks {
    private Checks() {}

    /** @throws IllegalArgumentException with the formatted message unless {@code condition} */
    public static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    /** @throws IllegalStateException with the formatted message unless {@code condition} */
    public static void state(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }

    /** @throws NullPointerException "NAME must not be null" when {@code value} is null */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }
}
