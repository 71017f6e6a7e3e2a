package io.hsu.processcontrol.internal.linux;

import io.hsu.core.ErrorKind;
import io.hsu.core.posix.ProcessIdentity;
import io.hsu.processcontrol.AttachConfig;
import io.hsu.processcontrol.AttachFailedException;
import io.hsu.processcontrol.internal.PidFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds an unmanaged worker's process as its {@link AttachConfig} says, with its start time, from
 * {@code /proc} (and, for {@code service-name}, from systemd). When several processes match, the
 * one that started first wins, then the lowest pid: for a port shared by a pre-fork server and its
 * workers that is the server's parent. A process whose {@code /proc} entries HSU may not read (fds,
 * cwd: another user's, when HSU is not root) cannot match; messages then say how many were skipped.
 */
public final class Discovery {
    private static final Path PROC = Path.of("/proc");

    private Discovery() {
    }

    /**
     * What was found.
     *
     * @param pid the process
     * @param startTicks its start time, to verify before every signal
     * @param source where it was found, for messages ("PID file /run/x.pid", "port 8080/tcp")
     */
    public record Found(int pid, long startTicks, String source) {
    }

    /**
     * @throws AttachFailedException if nothing is found: PID file missing, empty, garbage, dead pid,
     *     recycled pid, no process matching, or (kind PLATFORM) systemd cannot be asked
     */
    public static Found find(AttachConfig config) {
        return find(config, Systemctl.SYSTEM);
    }

    static Found find(AttachConfig config, ServiceManager services) {
        try {
            switch (config.method()) {
                case PID_FILE:
                    return byPidFile(config.pidFile().orElseThrow());
                case PROCESS_NAME:
                case CMDLINE:
                    return byPattern(config);
                case PORT:
                    return byPort(config);
                case PARENT:
                    return byParent(config);
                case USER:
                    return byUser(config);
                case CWD:
                    return byCwd(config);
                case SERVICE_NAME:
                    return byService(config.serviceName().orElseThrow(), services);
                default:
                    throw new AssertionError(config.method());
            }
        } catch (AttachFailedException e) {
            throw new AttachFailedException(e.kind(), "worker '" + config.workerId() + "': " + e.getMessage());
        }
    }

    private static Found byPidFile(Path file) {
        PidFiles.Content content = PidFiles.read(file);
        ProcessIdentity p = verified(content, file);
        return new Found(p.pid(), p.startTimeTicks(), "PID file " + file);
    }

    /** The living process a PID file names, checked against the start time the file may hold. */
    private static ProcessIdentity verified(PidFiles.Content content, Path file) {
        Optional<ProcessIdentity> p = ProcessIdentity.read(content.pid());
        if (p.isEmpty() || p.get().isZombie()) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "pid " + content.pid() + " from PID file "
                    + file + " is not running");
        }
        if (content.startTicks().isPresent() && content.startTicks().getAsLong() != p.get().startTimeTicks()) {
            throw new AttachFailedException(ErrorKind.CONFLICT, "pid " + content.pid() + " from PID file "
                    + file + " now belongs to another process (started at tick " + p.get().startTimeTicks()
                    + ", the file says " + content.startTicks().getAsLong() + "); the pid was recycled, refusing to touch it");
        }
        return p.get();
    }

    private static Found byPattern(AttachConfig config) {
        Pattern pattern = config.pattern().orElseThrow();
        boolean byName = config.method() == AttachConfig.Method.PROCESS_NAME;
        Oldest oldest = new Oldest();
        for (ProcessIdentity p : candidates(ProcessTable.scan())) {
            String subject = byName ? comm(p) : cmdline(p.pid());
            if (subject != null && (byName ? pattern.matcher(subject).matches() : pattern.matcher(subject).find())) {
                oldest.offer(p);
            }
        }
        if (oldest.best == null) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "no process "
                    + (byName ? "named" : "with a command line matching") + " '" + pattern.pattern() + "'");
        }
        return oldest.found(config.describeTarget());
    }

    private static Found byPort(AttachConfig config) {
        int port = config.port().orElseThrow();
        AttachConfig.Protocol protocol = config.protocol().orElseThrow();
        String target = config.describeTarget();
        List<ProcNetSockets.Socket> sockets;
        try {
            sockets = ProcNetSockets.boundTo(port, protocol);
        } catch (IOException | IllegalArgumentException e) {
            throw new AttachFailedException(ErrorKind.IO, "cannot read the sockets of " + target + ": " + e.getMessage());
        }
        if (sockets.isEmpty()) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, protocol == AttachConfig.Protocol.TCP
                    ? "no process listens on " + target : "no process is bound to " + target);
        }
        Set<String> links = sockets.stream().map(s -> "socket:[" + s.inode() + "]").collect(Collectors.toSet());
        Oldest oldest = new Oldest();
        for (ProcessIdentity p : candidates(ProcessTable.scan())) {
            if (holdsAny(p.pid(), links, oldest)) {
                oldest.offer(p);
            }
        }
        if (oldest.best == null) {
            String inodes = sockets.stream().map(s -> Long.toString(s.inode())).distinct().collect(Collectors.joining(", "));
            throw new AttachFailedException(ErrorKind.NOT_FOUND, target + " is held by socket inode " + inodes
                    + ", but no process HSU may inspect holds it" + oldest.unreadableNote("file descriptors"));
        }
        return oldest.found(target);
    }

    /** Whether one of the process's fds links to one of {@code links}; counts it in {@code oldest} if unreadable. */
    private static boolean holdsAny(int pid, Set<String> links, Oldest oldest) {
        boolean denied = false;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Integer.toString(pid)).resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    if (links.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (AccessDeniedException e) {
                    denied = true;
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
            if (denied) {
                oldest.unreadable++;
            }
        } catch (AccessDeniedException e) {
            oldest.unreadable++;
        } catch (IOException e) {
            // exited meanwhile
        }
        return false;
    }

    private static Found byParent(AttachConfig config) {
        ProcessTable table = ProcessTable.scan();
        Set<Integer> parents = new HashSet<>();
        String parentText;
        if (config.parentPidFile().isPresent()) {
            Path file = config.parentPidFile().get();
            ProcessIdentity parent;
            try {
                parent = verified(PidFiles.read(file), file);
            } catch (AttachFailedException e) {
                throw new AttachFailedException(e.kind(), "looking for the parent: " + e.getMessage());
            }
            parents.add(parent.pid());
            parentText = "pid " + parent.pid() + " (from parent PID file " + file + ")";
        } else {
            Pattern parentName = config.parentName().orElseThrow();
            for (ProcessIdentity p : candidates(table)) {
                String name = comm(p);
                if (name != null && parentName.matcher(name).matches()) {
                    parents.add(p.pid());
                }
            }
            if (parents.isEmpty()) {
                throw new AttachFailedException(ErrorKind.NOT_FOUND, "no process named '" + parentName.pattern()
                        + "' to be the parent");
            }
            parentText = "a process named '" + parentName.pattern() + "'";
        }
        Oldest oldest = new Oldest();
        for (ProcessIdentity p : candidates(table)) {
            if (parents.contains(p.parentPid()) && nameMatches(config, p)) {
                oldest.offer(p);
            }
        }
        if (oldest.best == null) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "no child" + named(config) + " of " + parentText);
        }
        return oldest.found(config.describeTarget());
    }

    private static Found byUser(AttachConfig config) {
        String user = config.user().orElseThrow();
        long uid = uidOf(user);
        Oldest oldest = new Oldest();
        for (ProcessIdentity p : candidates(ProcessTable.scan())) {
            if (nameMatches(config, p) && effectiveUid(p.pid()) == uid) {
                oldest.offer(p);
            }
        }
        if (oldest.best == null) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "no process" + named(config) + " of user '" + user + "'"
                    + (user.chars().allMatch(Character::isDigit) ? "" : " (uid " + uid + ")"));
        }
        return oldest.found(config.describeTarget());
    }

    private static Found byCwd(AttachConfig config) {
        Path cwd = config.cwd().orElseThrow();
        Path real;
        try {
            real = cwd.toRealPath();
        } catch (IOException e) {
            real = cwd;   // gone or unreadable here: compare the path as given
        }
        Oldest oldest = new Oldest();
        for (ProcessIdentity p : candidates(ProcessTable.scan())) {
            if (!nameMatches(config, p)) {
                continue;
            }
            try {
                Path target = Files.readSymbolicLink(PROC.resolve(Integer.toString(p.pid())).resolve("cwd"));
                if (target.equals(cwd) || target.equals(real)) {
                    oldest.offer(p);
                }
            } catch (AccessDeniedException e) {
                oldest.unreadable++;
            } catch (IOException e) {
                // exited meanwhile
            }
        }
        if (oldest.best == null) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "no process" + named(config)
                    + " with working directory " + cwd + oldest.unreadableNote("working directories"));
        }
        return oldest.found(config.describeTarget());
    }

    private static Found byService(String unit, ServiceManager services) {
        int pid = services.mainPid(unit);
        if (pid <= 0) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "systemd unit '" + unit
                    + "' has no main process (MainPID is 0: the unit is not running)");
        }
        Optional<ProcessIdentity> p = ProcessIdentity.read(pid);
        if (p.isEmpty() || p.get().isZombie()) {
            throw new AttachFailedException(ErrorKind.NOT_FOUND, "pid " + pid + ", the main process of systemd unit '"
                    + unit + "', is not running");
        }
        return new Found(pid, p.get().startTimeTicks(), "systemd unit '" + unit + "'");
    }

    /**
     * Processes that can be workers: not init, not HSU itself or one of its ancestors (the shell or
     * service manager that started it), not a zombie, not a kernel thread. Without them a broad
     * selector such as {@code user: root} or {@code cwd: /} would pick init, the oldest match.
     */
    private static Iterable<ProcessIdentity> candidates(ProcessTable table) {
        Set<Long> excluded = new HashSet<>(List.of(1L));
        for (Optional<ProcessHandle> h = Optional.of(ProcessHandle.current()); h.isPresent(); h = h.get().parent()) {
            excluded.add(h.get().pid());
        }
        Predicate<ProcessIdentity> eligible = p -> !excluded.contains((long) p.pid()) && !p.isZombie()
                && p.parentPid() != 2 && p.pid() != 2;
        return () -> java.util.stream.StreamSupport.stream(table.all().spliterator(), false).filter(eligible).iterator();
    }

    private static boolean nameMatches(AttachConfig config, ProcessIdentity p) {
        if (config.pattern().isEmpty()) {
            return true;
        }
        String name = comm(p);
        return name != null && config.pattern().get().matcher(name).matches();
    }

    private static String named(AttachConfig config) {
        return config.pattern().map(p -> " named '" + p.pattern() + "'").orElse("");
    }

    /**
     * A numeric uid as is; a name through {@code /etc/passwd} (users only an NSS module such as
     * LDAP knows must be given as a uid).
     */
    static long uidOf(String user) {
        if (!user.isEmpty() && user.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(user);
            } catch (NumberFormatException e) {
                throw new AttachFailedException(ErrorKind.NOT_FOUND, "uid " + user + " is too large");
            }
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AttachFailedException(ErrorKind.IO, "cannot read /etc/passwd to find user '" + user + "': "
                    + e.getMessage() + "; give a numeric uid instead");
        }
        for (String line : lines) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 3 && fields[0].equals(user)) {
                try {
                    return Long.parseLong(fields[2]);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new AttachFailedException(ErrorKind.NOT_FOUND, "no user '" + user
                + "' in /etc/passwd; give a numeric uid for a user from another source (LDAP)");
    }

    /** The effective uid from {@code /proc/<pid>/status} ({@code Uid: real effective saved fs}), -1 if unreadable. */
    private static long effectiveUid(int pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Integer.toString(pid)).resolve("status"),
                    StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    String[] fields = line.substring(4).strip().split("\\s+");
                    return Long.parseLong(fields[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // exited meanwhile
        }
        return -1;
    }

    private static String comm(ProcessIdentity p) {
        try {
            return Files.readString(PROC.resolve(Integer.toString(p.pid())).resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return p.command();
        }
    }

    private static String cmdline(int pid) {
        try {
            byte[] bytes = Files.readAllBytes(PROC.resolve(Integer.toString(pid)).resolve("cmdline"));
            return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** The earliest started of the processes offered, the lowest pid on a tie; and how many could not be read. */
    private static final class Oldest {
        ProcessIdentity best;
        int unreadable;

        void offer(ProcessIdentity p) {
            if (best == null || p.startTimeTicks() < best.startTimeTicks()
                    || (p.startTimeTicks() == best.startTimeTicks() && p.pid() < best.pid())) {
                best = p;
            }
        }

        Found found(String source) {
            return new Found(best.pid(), best.startTimeTicks(), source);
        }

        String unreadableNote(String what) {
            if (unreadable == 0) {
                return "";
            }
            boolean root = effectiveUid((int) ProcessHandle.current().pid()) == 0;
            return String.format(Locale.ROOT, " (%d processes' %s could not be read%s)", unreadable, what,
                    root ? "" : ": run HSU as root or as the process's user");
        }
    }
}
