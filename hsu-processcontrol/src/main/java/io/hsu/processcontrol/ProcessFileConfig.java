package io.hsu.processcontrol;

import io.hsu.core.WorkerId;
import io.hsu.core.internal.Checks;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a managed worker's PID file goes ({@code control.process_file}, Go keys):
 * {@code <basedirectory>[/<appname>]/<worker id>.pid}, the base directory defaulting to the state
 * directory. The file holds the pid on its first line and the process start time (clock ticks
 * since boot) on its second, is written atomically (temp file + rename) and removed on stop.
 *
 * <p>Immutable and thread-safe.
 *
 * @param baseDirectory the directory; empty means the state directory
 * @param serviceContext {@code system}, {@code user} or {@code session} (kept for the Go schema)
 * @param appName the subdirectory name when {@code useSubdirectory}
 * @param useSubdirectory whether the file goes into {@code <base>/<appName>/}
 */
public record ProcessFileConfig(Optional<Path> baseDirectory, String serviceContext, String appName,
                                boolean useSubdirectory) {
    private static final ProcessFileConfig DEFAULTS = new ProcessFileConfig(Optional.empty(), "system", "hsu", false);

    /**
     * @throws IllegalArgumentException if the base directory is relative, the service context is
     *     not system, user or session, or the app name is empty or holds a '/'
     */
    public ProcessFileConfig {
        Checks.notNull(baseDirectory, "baseDirectory");
        Checks.notNull(serviceContext, "serviceContext");
        Checks.notNull(appName, "appName");
        baseDirectory.ifPresent(p -> Checks.argument(p.isAbsolute(),
                "baseDirectory must be an absolute path, but was '%s'", p));
        serviceContext = serviceContext.toLowerCase(Locale.ROOT);
        Checks.argument(serviceContext.equals("system") || serviceContext.equals("user")
                        || serviceContext.equals("session"),
                "serviceContext must be one of system, user, session, but was '%s'", serviceContext);
        Checks.argument(!appName.isBlank() && appName.indexOf('/') < 0 && !appName.equals("..") && !appName.equals("."),
                "appName must be a plain directory name, but was '%s'", appName);
    }

    /** The state directory, app name "hsu", no subdirectory. */
    public static ProcessFileConfig ofDefaults() {
        return DEFAULTS;
    }

    /** The PID file of {@code worker}, with {@code stateDirectory} as the default base. */
    public Path pidFile(WorkerId worker, Path stateDirectory) {
        Path base = baseDirectory.orElse(stateDirectory);
        if (useSubdirectory) {
            base = base.resolve(appName);
        }
        return base.resolve(worker.value().replace('#', '_') + ".pid");
    }
}
