package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.ErrorKind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ErrnoTest {

    @Test
    void numbers_areLinux() {
        assertThat(Errno.EPERM.number()).isEqualTo(1);
        assertThat(Errno.ENOENT.number()).isEqualTo(2);
        assertThat(Errno.ESRCH.number()).isEqualTo(3);
        assertThat(Errno.EINTR.number()).isEqualTo(4);
        assertThat(Errno.ECHILD.number()).isEqualTo(10);
        assertThat(Errno.EAGAIN.number()).isEqualTo(11);
        assertThat(Errno.EACCES.number()).isEqualTo(13);
        assertThat(Errno.EEXIST.number()).isEqualTo(17);
        assertThat(Errno.EINVAL.number()).isEqualTo(22);
        assertThat(Errno.ENOSPC.number()).isEqualTo(28);
        assertThat(Errno.EPIPE.number()).isEqualTo(32);
        assertThat(Errno.ENOSYS.number()).isEqualTo(38);
    }

    @Test
    void numbers_areUnique() {
        Set<Integer> seen = new HashSet<>();
        assertThat(Arrays.stream(Errno.values()).allMatch(e -> seen.add(e.number()))).isTrue();
    }

    @Test
    void lookups_knownAndUnknown() {
        assertThat(Errno.fromNumber(3)).contains(Errno.ESRCH);
        assertThat(Errno.fromNumber(200)).isEmpty();
        assertThat(Errno.nameOf(1)).isEqualTo("EPERM");
        assertThat(Errno.nameOf(200)).isEqualTo("errno 200");
        assertThat(Errno.describe(28)).isEqualTo("ENOSPC (No space left on device)");
        assertThat(Errno.describe(200)).isEqualTo("errno 200");
    }

    @Test
    void posixException_readableMessage() {
        PosixException e = new PosixException(ErrorKind.SIGNAL, "kill(-4242, SIGTERM)", 1);

        assertThat(e).hasMessage("kill(-4242, SIGTERM) failed: EPERM (Operation not permitted)");
        assertThat(e.kind()).isEqualTo(ErrorKind.SIGNAL);
        assertThat(e.call()).isEqualTo("kill(-4242, SIGTERM)");
        assertThat(e.errno()).isEqualTo(1);
        assertThat(e.errnoName()).isEqualTo("EPERM");
        assertThat(e.errnoValue()).contains(Errno.EPERM);
    }

    @Test
    void posixException_withoutErrno() {
        PosixException e = new PosixException(ErrorKind.IO, "read /proc/1/stat", "Input/output error", null);

        assertThat(e).hasMessage("read /proc/1/stat failed: Input/output error");
        assertThat(e.errno()).isZero();
        assertThat(e.errnoValue()).isEmpty();
    }
}
