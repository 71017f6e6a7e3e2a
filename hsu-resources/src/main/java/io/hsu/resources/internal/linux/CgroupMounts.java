package io.hsu.resources.internal.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cgroup hierarchies this process sees: the v2 (unified) mount, if any, and each v1 mount with
 * its controllers, each with the path of this process's own cgroup in it. Read from
 * {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}; the parsers are pure for tests.
 */
record CgroupMounts(Optional<Hierarchy> v2, List<Hierarchy> v1) {

    /**
     * One mounted hierarchy.
     *
     * @param mount where it is mounted
     * @param controllers v1: the controllers it carries; v2: those its root offers
     * @param ownPath this process's cgroup inside it, such as {@code /} or {@code /process_api/abc}
     */
    record Hierarchy(int version, Path mount, Set<String> controllers, String ownPath) {
        /** The directory of this process's own cgroup. */
        Path ownDirectory() {
            return ownPath.equals("/") ? mount : mount.resolve(ownPath.substring(1));
        }
    }

    /** The v1 hierarchy that carries {@code controller}, if one does. */
    Optional<Hierarchy> v1With(String controller) {
        return v1.stream().filter(h -> h.controllers().contains(controller)).findFirst();
    }

    /** Reads this process's view, keeping only mounts below {@code root}. */
    static CgroupMounts read(Path root) {
        try {
            String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
            String cgroup = Files.readString(Path.of("/proc/self/cgroup"));
            return parse(mountinfo, cgroup, root);
        } catch (IOException e) {
            return new CgroupMounts(Optional.empty(), List.of());
        }
    }

    static CgroupMounts parse(String mountinfo, String procCgroup, Path root) {
        String v2Path = null;
        List<String[]> v1Paths = new ArrayList<>();   // {controllers, path}
        for (String line : procCgroup.split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2Path = parts[2];
            } else {
                v1Paths.add(new String[] {parts[1], parts[2]});
            }
        }
        Hierarchy v2 = null;
        List<Hierarchy> v1 = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            String mountRoot = left[3];
            Path mount = Path.of(unescape(left[4]));
            if (!mount.startsWith(root)) {
                continue;
            }
            if (right[0].equals("cgroup2") && v2Path != null && v2 == null) {
                Set<String> offered = new LinkedHashSet<>();
                try {
                    for (String c : Files.readString(mount.resolve("cgroup.controllers")).trim().split("\\s+")) {
                        if (!c.isEmpty()) {
                            offered.add(c);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a test root or an unreadable mount: no controllers
                }
                v2 = new Hierarchy(2, mount, Set.copyOf(offered), relative(v2Path, mountRoot));
            } else if (right[0].equals("cgroup")) {
                Set<String> controllers = new LinkedHashSet<>();
                for (String option : right[2].split(",")) {
                    if (!option.equals("rw") && !option.equals("ro") && !option.contains("=")) {
                        controllers.add(option);
                    }
                }
                if (controllers.isEmpty()) {
                    continue;   // name=systemd and the like
                }
                for (String[] own : v1Paths) {
                    Set<String> ownControllers = Set.of(own[0].split(","));
                    if (ownControllers.equals(controllers)) {
                        v1.add(new Hierarchy(1, mount, Set.copyOf(controllers), relative(own[1], mountRoot)));
                        break;
                    }
                }
            }
        }
        return new CgroupMounts(Optional.ofNullable(v2), List.copyOf(v1));
    }

    /** The cgroup path relative to the mount's root (a container may see its own cgroup as the root). */
    private static String relative(String path, String mountRoot) {
        if (mountRoot.equals("/") || !path.startsWith(mountRoot)) {
            return path;
        }
        String rest = path.substring(mountRoot.length());
        return rest.isEmpty() ? "/" : rest;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
