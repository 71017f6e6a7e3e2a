package io.hsu.health;

/**
 * A process check: healthy while the worker's pid (from the {@link ProbeTarget}) is alive and is
 * still the process that was started (same start time, so a recycled pid is not mistaken for it).
 *
 * <p>Immutable and thread-safe; there is one instance, {@link #worker()}.
 */
public record ProcessCheckConfig() implements CheckConfig {
    private static final ProcessCheckConfig WORKER = new ProcessCheckConfig();

    /** The check of the worker's own process. */
    public static ProcessCheckConfig worker() {
        return WORKER;
    }

    @Override
    public String type() {
        return "process";
    }

    @Override
    public String describe() {
        return "process";
    }
}
