package io.hsu.core.posix;

/**
 * A soft and hard resource limit. {@link #UNLIMITED} ({@code Long.MAX_VALUE}) stands for
 * {@code RLIM_INFINITY}; the kernel's unsigned values at or above 2<sup>63</sup> all read as
 * unlimited.
 *
 * @param soft the limit the kernel enforces, at most {@code hard}
 * @param hard the ceiling an unprivileged process may raise {@code soft} to
 */
public record Rlimit(long soft, long hard) {
    /** {@code RLIM_INFINITY}: no limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /**
     * @throws IllegalArgumentException if a value is negative or soft is above hard
     */
    public Rlimit {
        if (soft < 0 || hard < 0) {
            throw new IllegalArgumentException("rlimit values must be >= 0, but were soft=" + soft + ", hard=" + hard);
        }
        if (soft > hard) {
            throw new IllegalArgumentException("soft limit (" + soft + ") must be <= hard limit (" + hard + ")");
        }
    }

    /** A limit with equal soft and hard values. */
    public static Rlimit of(long both) {
        return new Rlimit(both, both);
    }

    /** Whether the soft limit is {@link #UNLIMITED}. */
    public boolean isSoftUnlimited() {
        return soft == UNLIMITED;
    }

    /** Whether the hard limit is {@link #UNLIMITED}. */
    public boolean isHardUnlimited() {
        return hard == UNLIMITED;
    }

    @Override
    public String toString() {
        return text(soft) + ":" + text(hard);
    }

    private static String text(long value) {
        return value == UNLIMITED ? "unlimited" : Long.toString(value);
    }
}
