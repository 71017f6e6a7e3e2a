package io.hsu.benchmarks.resources;

import io.hsu.core.posix.Posix;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.core.posix.Signal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Processes to sample: one {@code sh} that leads a session and process group of its own (pid = pgid)
 * and has {@code children} {@code sleep 600} children.
 *
 * <p>Nothing outlives the benchmark. When its stdin reaches end of file the shell kills its
 * children, reaps them and exits, so no zombie is left to init; that end of file comes from
 * {@link #close()}, from a shutdown hook when the JVM exits without tear-down, and from the kernel
 * when this JVM dies in any other way, SIGKILL included. Should the shell not be gone within
 * {@value #GRACE_SECONDS} seconds, the group gets SIGKILL.
 *
 * <p>{@link #close()} is thread-safe (the hook may race with it); the rest is for one thread.
 */
final class ProcessTree implements AutoCloseable {
    /** The shell's name in {@code ps}, to tell these processes from others. */
    static final String NAME = "hsu-bench-tree";
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final long GRACE_SECONDS = 5;
    private static final String SCRIPT = "i=0; kids=; while [ \"$i\" -lt \"$1\" ]; do sleep 600 & kids=\"$kids $!\"; i=$((i+1)); done;"
            + " echo $$; read -r line; kill -9 $kids; wait";

    private final Process shell;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean groupLeaderChecked;
    private List<ProcessHandle> children = List.of();

    private ProcessTree(Process shell) {
        this.shell = shell;
        this.shutdownHook = new Thread(this::stop, NAME + "-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the shell and its children and returns once all of them exist.
     *
     * @throws IllegalStateException if setsid is missing or the tree did not come up as expected
     *     (whatever was started is stopped first)
     */
    static ProcessTree start(int children) throws IOException {
        if (!Files.isExecutable(SETSID)) {
            throw new IllegalStateException(SETSID + " is missing or not executable; the benchmark needs util-linux's setsid");
        }
        Process shell = new ProcessBuilder(SETSID.toString(), "/bin/sh", "-c", SCRIPT, NAME, Integer.toString(children))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        ProcessTree tree = new ProcessTree(shell);
        try {
            tree.awaitChildren(children);
            return tree;
        } catch (IOException | RuntimeException e) {
            tree.close();
            throw e;
        }
    }

    private void awaitChildren(int expected) throws IOException {
        // The shell prints its pid after the loop, so every child has been forked by then.
        String line = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        if (line == null) {
            throw new IllegalStateException("the process tree's shell exited before reporting its pid");
        }
        long pid = Long.parseLong(line.trim());
        // setsid execs the shell in place (it forks only when started as a group leader, which a JVM child is not).
        if (pid != shell.pid()) {
            throw new IllegalStateException("the process tree's shell has pid " + pid + ", not the started " + shell.pid());
        }
        ProcessIdentity identity = ProcessIdentity.read((int) pid)
                .orElseThrow(() -> new IllegalStateException("the process tree's shell (pid " + pid + ") is gone"));
        if (!identity.isGroupLeader()) {
            throw new IllegalStateException("the process tree's shell (pid " + pid + ") is in process group "
                    + identity.processGroup() + ", not its own");
        }
        groupLeaderChecked = true;
        List<ProcessHandle> found = shell.children().toList();
        children = found;
        if (found.size() != expected) {
            throw new IllegalStateException("the process tree's shell has " + found.size() + " children, expected " + expected);
        }
    }

    /** The shell's pid, which is also its process group and session id. */
    long leaderPid() {
        return shell.pid();
    }

    /**
     * Stops the tree and waits until every process of it has exited.
     *
     * @throws IllegalStateException if a process is still there afterwards
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting and runs the hook as well; stopping twice is harmless.
        }
        stop();
        List<CompletableFuture<?>> exits = new ArrayList<>();
        exits.add(shell.onExit());
        children.forEach(child -> exits.add(child.onExit()));
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("process tree " + shell.pid() + " still has live processes: "
                    + children.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process tree " + shell.pid() + " to exit failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * End of file to the shell, then SIGKILL to its group if the shell is still there after the
     * grace period. Never throws, for the hook.
     */
    private void stop() {
        try {
            shell.getOutputStream().close();
            if (shell.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException | InterruptedException e) {
            // Fall through to the group kill.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        // Only a checked group: the pid is our live child, so the group id cannot have been reused.
        if (groupLeaderChecked && shell.isAlive()) {
            try {
                Posix.get().killGroup((int) shell.pid(), Signal.KILL);
            } catch (RuntimeException e) {
                System.err.println(NAME + ": kill(-" + shell.pid() + ", SIGKILL) failed: " + e.getMessage());
            }
        }
        shell.destroyForcibly();
    }
}
