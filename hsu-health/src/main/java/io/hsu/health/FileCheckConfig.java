package io.hsu.health;

import io.hsu.core.internal.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A file check: healthy when {@code path} exists, was modified within {@code maxAge} (when set),
 * and its first 64 KiB match {@code contentPattern} (when set). A heartbeat file that the worker
 * touches is the usual use.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path the file
 * @param maxAge the oldest modification time that still counts as fresh; empty to not check
 * @param contentPattern a regular expression searched in the content; empty to not read the file
 */
public record FileCheckConfig(Path path, Optional<Duration> maxAge, Optional<Pattern> contentPattern)
        implements CheckConfig {
    /** @throws IllegalArgumentException if maxAge is zero or negative */
    public FileCheckConfig {
        Checks.notNull(path, "path");
        Checks.notNull(maxAge, "maxAge");
        Checks.notNull(contentPattern, "contentPattern");
        maxAge.ifPresent(age -> Checks.argument(!age.isNegative() && !age.isZero(), "maxAge must be positive, but was %s", age));
    }

    /** A check that {@code path} exists. */
    public static FileCheckConfig exists(Path path) {
        return new FileCheckConfig(path, Optional.empty(), Optional.empty());
    }

    /** The same check, also requiring a modification within {@code maxAge}. */
    public FileCheckConfig withMaxAge(Duration maxAge) {
        return new FileCheckConfig(path, Optional.of(maxAge), contentPattern);
    }

    /** The same check, also requiring the content to contain {@code text} literally. */
    public FileCheckConfig withContains(String text) {
        return new FileCheckConfig(path, maxAge, Optional.of(Pattern.compile(Pattern.quote(text))));
    }

    /** The same check, also requiring {@code pattern} to be found in the content. */
    public FileCheckConfig withPattern(Pattern pattern) {
        return new FileCheckConfig(path, maxAge, Optional.of(pattern));
    }

    @Override
    public String type() {
        return "file";
    }

    @Override
    public String describe() {
        return "file " + path;
    }

    // Pattern has identity equality; compare the source and flags instead.
    @Override
    public boolean equals(Object o) {
        return o instanceof FileCheckConfig c && path.equals(c.path) && maxAge.equals(c.maxAge)
                && patternKey(contentPattern).equals(patternKey(c.contentPattern));
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, maxAge, patternKey(contentPattern));
    }

    private static Optional<String> patternKey(Optional<Pattern> p) {
        return p.map(x -> x.flags() + "/" + x.pattern());
    }
}
