package io.hsu.core.posix;

/**
 * The Linux resource limits ({@code RLIMIT_*}) with their numbers (identical on x86_64 and
 * aarch64) and the row name {@code /proc/<pid>/limits} shows for each.
 *
 * <p>Immutable and thread-safe.
 */
public enum Resource {
    CPU(0, "Max cpu time"),
    FSIZE(1, "Max file size"),
    DATA(2, "Max data size"),
    STACK(3, "Max stack size"),
    CORE(4, "Max core file size"),
    RSS(5, "Max resident set"),
    NPROC(6, "Max processes"),
    NOFILE(7, "Max open files"),
    MEMLOCK(8, "Max locked memory"),
    AS(9, "Max address space"),
    LOCKS(10, "Max file locks"),
    SIGPENDING(11, "Max pending signals"),
    MSGQUEUE(12, "Max msgqueue size"),
    NICE(13, "Max nice priority"),
    RTPRIO(14, "Max realtime priority"),
    RTTIME(15, "Max realtime timeout");

    private final int number;
    private final String procLimitsName;

    Resource(int number, String procLimitsName) {
        this.number = number;
        this.procLimitsName = procLimitsName;
    }

    /** The {@code RLIMIT_*} number, for example 7 for {@link #NOFILE}. */
    public int number() {
        return number;
    }

    /** The row name in {@code /proc/<pid>/limits}, for example {@code "Max open files"}. */
    public String procLimitsName() {
        return procLimitsName;
    }
}
