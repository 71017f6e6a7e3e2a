package io.hsu.core.posix;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a Java main as user nobody ({@code setpriv}, so the caller must be root), for tests of what
 * an unprivileged user is told. The class path is copied into a world-readable directory first:
 * the local Maven repository is root's own.
 */
public final class AsNobody {
    private AsNobody() {
    }

    /**
     * Runs {@code main} with {@code args} as uid and gid 65534, in a new session, with the code
     * sources of {@code classPathOf} (and {@code main}'s) copied into {@code directory}; returns what
     * it printed (stdout and stderr) once it has exited. The process is killed if the test fails first.
     */
    public static String runJava(Path directory, List<Class<?>> classPathOf, Class<?> main, String... args)
            throws IOException, InterruptedException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        java.util.Set<Path> sources = new java.util.LinkedHashSet<>();
        for (Class<?> c : classPathOf) {
            sources.add(codeSource(c));
        }
        sources.add(codeSource(main));
        List<String> classPath = new ArrayList<>();
        for (Path source : sources) {
            Path copy = directory.resolve("cp" + classPath.size() + (Files.isRegularFile(source) ? ".jar" : ""));
            copyTree(source, copy);
            classPath.add(copy.toString());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of("/usr/bin/setsid", "/usr/bin/setpriv", "--reuid=65534",
                "--regid=65534", "--clear-groups", java, "-Djna.tmpdir=" + directory, "-Djava.io.tmpdir=" + directory,
                "-cp", String.join(File.pathSeparator, classPath), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the JVM run as nobody did not exit; it printed:\n" + output);
            }
            return output;
        } finally {
            p.destroyForcibly();
        }
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            Files.copy(from, to);
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Files.copy(f, to.resolve(from.relativize(f).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
