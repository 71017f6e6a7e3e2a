package io.hsu.resources.internal.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The block devices that I/O limits are written for: every whole disk in {@code /sys/block} except
 * {@code loop}, {@code ram} and {@code zram} devices. Whole disks, because {@code io.max} and the v1
 * {@code blkio.throttle.*} files reject a partition's number; not the memory-backed and file-backed
 * ones, because their I/O is memory traffic or reaches a real disk (and is throttled there). A disk
 * on top of others (device-mapper, md) is kept: its own limit is the one the worker's file system
 * sees, and the disks below apply the same limit again, which caps nothing further.
 */
final class BlockDevices {
    private static final String[] SKIPPED_PREFIXES = {"loop", "ram", "zram"};

    /**
     * One whole disk.
     *
     * @param name such as {@code vda}
     * @param number {@code MAJ:MIN}, such as {@code 254:0}
     * @param bfqActive whether its I/O scheduler is bfq now (the only one that honours a v1 weight)
     */
    record Disk(String name, String number, boolean bfqActive) {
    }

    private BlockDevices() {}

    /** The disks under {@code sysBlock} ({@code /sys/block}), sorted by name; empty if it cannot be read. */
    static List<Disk> wholeDisks(Path sysBlock) {
        List<Disk> disks = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sysBlock)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (skipped(name)) {
                    continue;
                }
                String number = read(entry.resolve("dev"));
                if (number.matches("\\d+:\\d+")) {
                    disks.add(new Disk(name, number, read(entry.resolve("queue/scheduler")).contains("[bfq]")));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        disks.sort(Comparator.comparing(Disk::name));
        return List.copyOf(disks);
    }

    /** Whether any disk lists bfq among its schedulers: bfq is loaded, and its cgroup weight files exist. */
    static boolean bfqLoaded(Path sysBlock) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sysBlock)) {
            for (Path entry : entries) {
                if (read(entry.resolve("queue/scheduler")).matches("(^|.*[\\s\\[])bfq([\\s\\]].*|$)")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static boolean skipped(String name) {
        for (String prefix : SKIPPED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
