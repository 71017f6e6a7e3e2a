package io.hsu.core.posix;

/** Fixture run as an unprivileged user: tries to signal init and prints what the user would read. */
final class KillInitMain {
    private KillInitMain() {
    }

    public static void main(String[] args) {
        try {
            System.out.println("delivered=" + Posix.get().kill(1, Signal.CONT));
        } catch (PosixException e) {
            System.out.println(e.kind() + " " + e.errnoName() + ": " + e.getMessage());
        }
    }
}
