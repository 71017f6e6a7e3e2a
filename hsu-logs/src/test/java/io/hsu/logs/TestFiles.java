package io.hsu.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reading what file outputs wrote: rotated files (oldest first, gzipped or not) then the current one. */
final class TestFiles {
    private TestFiles() {
    }

    /** The rotated files of {@code current}, oldest first, then {@code current} if it exists. */
    static List<Path> inOrder(Path current) throws IOException {
        String base = current.getFileName().toString();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(current.getParent())) {
            s.filter(p -> p.getFileName().toString().startsWith(base + ".") && !p.toString().endsWith(".tmp"))
                    .sorted().forEach(files::add);
        }
        if (Files.exists(current)) {
            files.add(current);
        }
        return files;
    }

    static void forEachLine(Path current, Consumer<String> action) throws IOException {
        for (Path f : inOrder(current)) {
            try (InputStream raw = Files.newInputStream(f);
                 InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
                for (String line; (line = r.readLine()) != null; ) {
                    action.accept(line);
                }
            }
        }
    }

    static List<String> lines(Path current) throws IOException {
        List<String> out = new ArrayList<>();
        forEachLine(current, out::add);
        return out;
    }

    static List<String> javaFixture(Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
