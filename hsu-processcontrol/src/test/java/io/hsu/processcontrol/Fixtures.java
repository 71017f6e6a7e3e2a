package io.hsu.processcontrol;

import io.hsu.core.WorkerId;
import io.hsu.core.posix.ProcessIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Fixture programs (sh scripts) and checks on real processes, for the ITs. */
final class Fixtures {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Fixtures() {
    }

    /** A unique worker id, so the environment marker finds only this test's processes. */
    static WorkerId uniqueId(String prefix) {
        return WorkerId.of(prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
    }

    /** An executable sh script with {@code body}. */
    static Path script(Path dir, String name, String body) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProcessConfig.Builder config(WorkerId id, Path stateDir, Path executable, String... args) {
        return ProcessConfig.builder(id).stateDirectory(stateDir)
                .execution(ExecutionConfig.builder(executable).args(args).build())
                .gracefulTimeout(java.time.Duration.ofSeconds(5));
    }

    /** Every living or zombie process whose environment names {@code id} (zombies have no environment: pass the pids seen). */
    static List<ProcessIdentity> processesOf(WorkerId id) {
        List<ProcessIdentity> found = new ArrayList<>();
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String env = new String(Files.readAllBytes(dir.resolve("environ")), StandardCharsets.UTF_8);
                    if (("\0" + env).contains("\0HSU_WORKER_ID=" + id.value() + "\0")) {
                        ProcessIdentity.read(Integer.parseInt(name)).ifPresent(found::add);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Whether (pid, start) still exists at all, zombie included. */
    static boolean exists(ProcessIdentity p) {
        return ProcessIdentity.read(p.pid()).filter(now -> now.startTimeTicks() == p.startTimeTicks()).isPresent();
    }

    /** Zombie children of this JVM. */
    static List<ProcessIdentity> zombieChildren() {
        List<ProcessIdentity> zombies = new ArrayList<>();
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            ProcessIdentity.read((int) child.pid()).filter(ProcessIdentity::isZombie).ifPresent(zombies::add);
        }
        return zombies;
    }
}
