package io.hsu.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A probe whose next result the test sets; counts its checks. */
final class ScriptedProbe implements Probe {
    private final String name;
    private volatile Supplier<ProbeResult> next;
    final AtomicInteger checks = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();

    ScriptedProbe(String name) {
        this.name = name;
        healthy();
    }

    ScriptedProbe healthy() {
        next = () -> ProbeResult.healthy(name + ": ok");
        return this;
    }

    ScriptedProbe failing(String why) {
        next = () -> ProbeResult.unhealthy(name + ": " + why);
        return this;
    }

    ScriptedProbe answering(Supplier<ProbeResult> answer) {
        next = answer;
        return this;
    }

    @Override
    public ProbeResult check(Duration timeout) {
        checks.incrementAndGet();
        return next.get();
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
