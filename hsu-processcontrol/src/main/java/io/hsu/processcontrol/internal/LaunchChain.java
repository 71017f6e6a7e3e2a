package io.hsu.processcontrol.internal;

import io.hsu.processcontrol.ExecutionConfig;
import io.hsu.processcontrol.LaunchContribution;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command that starts a worker: the worker's own executable and arguments, preceded
 * only by the steps its config asks for, each ending in an exec so the pid stays the worker's:
 * <pre>
 * [prlimit OPTIONS --] [sh -c 'echo $$ &gt; CG/cgroup.procs; umask 027; exec "$0" "$@"'] [setpriv --reuid=U --regid=G --clear-groups --] EXE ARGS
 * </pre>
 * The cgroup is joined before privileges are dropped. Pure: no I/O.
 */
public final class LaunchChain {
    private LaunchChain() {
    }

    /**
     * The argv; element 0 is the program to exec (an absolute path).
     *
     * @param tools where prlimit, sh and setpriv are
     */
    public static List<String> argv(ExecutionConfig execution, LaunchContribution contribution, Tools tools) {
        List<String> argv = new ArrayList<>();
        if (!contribution.prlimitOptions().isEmpty()) {
            argv.add(tools.prlimit().toString());
            argv.addAll(contribution.prlimitOptions());
            argv.add("--");
        }
        boolean dropPrivileges = execution.user().isPresent() || execution.group().isPresent();
        List<String> setpriv = new ArrayList<>();
        if (dropPrivileges) {
            setpriv.add(tools.setpriv().toString());
            execution.user().ifPresent(u -> setpriv.add("--reuid=" + u));
            execution.group().ifPresent(g -> setpriv.add("--regid=" + g));
            setpriv.add(execution.user().isPresent() && execution.group().isEmpty() ? "--init-groups" : "--clear-groups");
            setpriv.add("--");
        }
        if (!contribution.cgroupProcsFiles().isEmpty() || execution.umask().isPresent()) {
            StringBuilder script = new StringBuilder();
            for (Path procs : contribution.cgroupProcsFiles()) {
                script.append("echo $$ > ").append(shellQuote(procs.toString())).append(" || exit 126; ");
            }
            if (execution.umask().isPresent()) {
                script.append("umask ").append(String.format("%04o", execution.umask().getAsInt())).append("; ");
            }
            script.append("exec");
            for (String word : setpriv) {
                script.append(' ').append(shellQuote(word));
            }
            script.append(" \"$0\" \"$@\"");
            argv.add(tools.sh().toString());
            argv.add("-c");
            argv.add(script.toString());
        } else {
            argv.addAll(setpriv);
        }
        argv.add(execution.executable().toString());
        argv.addAll(execution.args());
        return argv;
    }

    /** {@code 'text'} with embedded single quotes escaped for sh. */
    static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /**
     * Where the chain's tools are.
     *
     * @param prlimit util-linux prlimit
     * @param sh a POSIX shell
     * @param setpriv util-linux setpriv
     */
    public record Tools(Path prlimit, Path sh, Path setpriv) {
        /** The first existing of /usr/bin and /bin for each tool. */
        public static Tools find() {
            return new Tools(first("prlimit"), first("sh"), first("setpriv"));
        }

        private static Path first(String name) {
            for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
                Path p = Path.of(dir, name);
                if (java.nio.file.Files.isExecutable(p)) {
                    return p;
                }
            }
            return Path.of("/usr/bin", name);
        }
    }
}
