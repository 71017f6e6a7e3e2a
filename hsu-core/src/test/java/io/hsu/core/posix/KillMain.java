package io.hsu.core.posix;

/**
 * Fixture run as an unprivileged user: sends SIGCONT to the pid in its argument and prints what the
 * user would read.
 */
final class KillMain {
    private KillMain() {
    }

    public static void main(String[] args) {
        int pid = Integer.parseInt(args[0]);
        try {
            System.out.println("delivered=" + Posix.get().kill(pid, Signal.CONT));
        } catch (PosixException e) {
            System.out.println(e.kind() + " " + e.errnoName() + ": " + e.getMessage());
        }
    }
}
