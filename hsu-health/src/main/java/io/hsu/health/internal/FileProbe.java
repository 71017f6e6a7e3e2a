package io.hsu.health.internal;

import io.hsu.core.Durations;
import io.hsu.health.FileCheckConfig;
import io.hsu.health.Probe;
import io.hsu.health.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Checks that a file exists, is fresh, and holds a pattern. */
final class FileProbe implements Probe {
    /** How much of the file the pattern is searched in. */
    static final int MAX_CONTENT = 64 * 1024;

    private final FileCheckConfig config;
    private final Clock clock;

    FileProbe(FileCheckConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public ProbeResult check(Duration timeout) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(config.path(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return ProbeResult.unhealthy(describe() + ": does not exist");
        } catch (IOException e) {
            return ProbeResult.unhealthy(describe() + ": " + Messages.reason(e));
        }
        Instant modified = attributes.lastModifiedTime().toInstant();
        Duration age = Duration.between(modified, clock.instant());
        if (config.maxAge().isPresent() && age.compareTo(config.maxAge().get()) > 0) {
            return ProbeResult.unhealthy(describe() + ": modified " + Messages.age(age) + ", older than max_age "
                    + Durations.format(config.maxAge().get()));
        }
        if (config.contentPattern().isPresent()) {
            String content;
            try (InputStream in = Files.newInputStream(config.path())) {
                content = new String(in.readNBytes(MAX_CONTENT), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return ProbeResult.unhealthy(describe() + ": cannot read: " + Messages.reason(e));
            }
            if (!config.contentPattern().get().matcher(content).find()) {
                return ProbeResult.unhealthy(describe() + ": content does not match /" + config.contentPattern().get().pattern() + "/");
            }
        }
        return ProbeResult.healthy(describe() + ": modified " + Messages.age(age));
    }

    @Override
    public String describe() {
        return config.describe();
    }
}
