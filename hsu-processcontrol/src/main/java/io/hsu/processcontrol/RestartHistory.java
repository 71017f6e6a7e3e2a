package io.hsu.processcontrol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The restarts a worker made, oldest first: what {@link RestartPolicy} counts against a budget.
 * Each change returns a new history.
 *
 * <p>Immutable and thread-safe.
 */
public final class RestartHistory {
    private static final RestartHistory EMPTY = new RestartHistory(List.of());

    private final List<Attempt> attempts;

    private RestartHistory(List<Attempt> attempts) {
        this.attempts = attempts;
    }

    /** No restarts yet. */
    public static RestartHistory empty() {
        return EMPTY;
    }

    /** A history of these attempts (sorted by time). */
    public static RestartHistory of(List<Attempt> attempts) {
        List<Attempt> sorted = new ArrayList<>(attempts);
        sorted.sort((a, b) -> a.at().compareTo(b.at()));
        return new RestartHistory(List.copyOf(sorted));
    }

    /** This history plus one restart at {@code at} for {@code trigger}. */
    public RestartHistory with(Instant at, RestartTrigger trigger) {
        List<Attempt> next = new ArrayList<>(attempts.size() + 1);
        next.addAll(attempts);
        next.add(new Attempt(at, trigger));
        if (attempts.isEmpty() || !attempts.get(attempts.size() - 1).at().isAfter(at)) {
            return new RestartHistory(List.copyOf(next));
        }
        return of(next);
    }

    /** This history without the attempts before {@code cutoff}, so a long-lived worker's history stays small. */
    public RestartHistory forgetBefore(Instant cutoff) {
        int first = 0;
        while (first < attempts.size() && attempts.get(first).at().isBefore(cutoff)) {
            first++;
        }
        return first == 0 ? this : new RestartHistory(List.copyOf(attempts.subList(first, attempts.size())));
    }

    /** All attempts, oldest first. */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** The attempts that spend the same budget as {@code trigger}, after {@code since} (exclusive), oldest first. */
    public List<Attempt> counted(RestartTrigger trigger, Instant since) {
        List<Attempt> result = new ArrayList<>();
        for (Attempt a : attempts) {
            if (a.trigger() == trigger && a.at().isAfter(since)) {
                result.add(a);
            }
        }
        return result;
    }

    public int size() {
        return attempts.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RestartHistory && ((RestartHistory) o).attempts.equals(attempts);
    }

    @Override
    public int hashCode() {
        return attempts.hashCode();
    }

    @Override
    public String toString() {
        return "RestartHistory" + attempts;
    }

    /**
     * One restart.
     *
     * @param at when it was decided
     * @param trigger what caused it
     */
    public record Attempt(Instant at, RestartTrigger trigger) {
        public Attempt {
            Objects.requireNonNull(at, "at must not be null");
            Objects.requireNonNull(trigger, "trigger must not be null");
        }
    }
}
