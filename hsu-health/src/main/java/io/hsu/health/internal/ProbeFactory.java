package io.hsu.health.internal;

import io.hsu.core.internal.Checks;
import io.hsu.health.CheckConfig;
import io.hsu.health.CompositeCheckConfig;
import io.hsu.health.ExecCheckConfig;
import io.hsu.health.FileCheckConfig;
import io.hsu.health.GrpcCheckConfig;
import io.hsu.health.HttpCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeTarget;
import io.hsu.health.ProcessCheckConfig;
import io.hsu.health.TcpCheckConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the probe for a check config. */
public final class ProbeFactory {
    private ProbeFactory() {}

    public static Probe create(CheckConfig config, ProbeTarget target, Clock clock) {
        Checks.notNull(config, "config");
        Checks.notNull(target, "target");
        Checks.notNull(clock, "clock");
        if (config instanceof HttpCheckConfig c) {
            return new HttpProbe(c);
        }
        if (config instanceof TcpCheckConfig c) {
            return new TcpProbe(c);
        }
        if (config instanceof GrpcCheckConfig c) {
            return GrpcSupport.create(c);
        }
        if (config instanceof ExecCheckConfig c) {
            return new ExecProbe(c);
        }
        if (config instanceof ProcessCheckConfig) {
            return new ProcessProbe(target);
        }
        if (config instanceof FileCheckConfig c) {
            return new FileProbe(c, clock);
        }
        CompositeCheckConfig c = (CompositeCheckConfig) config;
        List<Probe> children = new ArrayList<>();
        try {
            for (CheckConfig child : c.checks()) {
                children.add(create(child, target, clock));
            }
        } catch (RuntimeException e) {
            children.forEach(Probe::close);
            throw e;
        }
        return new CompositeProbe(c, children);
    }
}
