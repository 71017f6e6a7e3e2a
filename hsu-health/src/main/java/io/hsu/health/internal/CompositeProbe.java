package io.hsu.health.internal;

import io.hsu.health.CompositeCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs its children one after another within one timeout, stopping once the answer is known. */
final class CompositeProbe implements Probe {
    private final CompositeCheckConfig config;
    private final List<Probe> children;

    CompositeProbe(CompositeCheckConfig config, List<Probe> children) {
        this.config = config;
        this.children = List.copyOf(children);
    }

    @Override
    public ProbeResult check(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = config.mode() == CompositeCheckConfig.Mode.ALL;
        List<String> failures = new ArrayList<>();
        for (Probe child : children) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return ProbeResult.unhealthy(Messages.noAnswer(describe(), timeout));
            }
            ProbeResult r = child.check(Duration.ofNanos(remaining));
            if (all && !r.healthy()) {
                return ProbeResult.unhealthy(r.message());
            }
            if (!all && r.healthy()) {
                return ProbeResult.healthy(r.message());
            }
            failures.add(r.message());
        }
        return all
                ? ProbeResult.healthy("all " + children.size() + " checks passed")
                : ProbeResult.unhealthy("none of " + children.size() + " checks passed: " + String.join("; ", failures));
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public void close() {
        children.forEach(Probe::close);
    }
}
