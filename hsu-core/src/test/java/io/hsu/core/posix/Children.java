package io.hsu.core.posix;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Starts real processes in their own session and kills every one of them (and their groups) on close. */
final class Children implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> strays = new ArrayList<>();

    /**
     * Starts {@code command} under {@code /usr/bin/setsid} and waits until setsid has made it the
     * leader of its own session and process group (the JDK returns right after exec, before that).
     */
    Process start(String... command) {
        Process p = startNoWait(command);
        int pid = (int) p.pid();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessIdentity.read(pid).map(ProcessIdentity::session).orElse(-1) == pid);
        return p;
    }

    Process startNoWait(String... command) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setsid"));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Also kills {@code pid} on close (a grandchild the test learned about). */
    int track(int pid) {
        strays.add(pid);
        return pid;
    }

    /** Live (not zombie) processes whose process group is {@code pgid}. */
    static List<ProcessIdentity> liveGroupMembers(int pgid) {
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            return proc.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .flatMap(name -> ProcessIdentity.read(Integer.parseInt(name)).stream())
                    .filter(p -> p.processGroup() == pgid && !p.isZombie())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills every started process group and tracked pid. When this JVM is a subreaper, it also waits
     * until they are dead and reaps the orphans that were reparented to it (every JDK child has been
     * waited for by then, so reaping any child steals nothing from the JDK).
     */
    @Override
    public void close() {
        Posix posix = Posix.get();
        for (int pid : strays) {
            posix.kill(pid, Signal.KILL);
        }
        for (Process p : processes) {
            posix.killGroup((int) p.pid(), Signal.KILL);
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();   // the wait below still reaps what is left
            }
        }
        if (posix.isChildSubreaper()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                while (posix.waitAnyChildNoHang().isPresent()) {
                    // reaped one
                }
                return strays.stream().noneMatch(posix::isAlive)
                        && processes.stream().allMatch(p -> liveGroupMembers((int) p.pid()).isEmpty());
            });
        }
    }
}
