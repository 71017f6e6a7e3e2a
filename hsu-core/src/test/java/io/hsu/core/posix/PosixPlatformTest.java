package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class PosixPlatformTest {

    @Test
    void linuxX86AndArm_supported() {
        assertThat(Posix.unsupportedPlatform("Linux", "amd64")).isEmpty();
        assertThat(Posix.unsupportedPlatform("Linux", "x86_64")).isEmpty();
        assertThat(Posix.unsupportedPlatform("Linux", "aarch64")).isEmpty();
    }

    @Test
    void otherPlatforms_namedInTheReason() {
        assertThat(Posix.unsupportedPlatform("Mac OS X", "aarch64"))
                .contains("the POSIX bindings support Linux on x86_64 and aarch64, but this is Mac OS X on aarch64");
        assertThat(Posix.unsupportedPlatform("Linux", "riscv64"))
                .contains("the POSIX bindings support Linux on x86_64 and aarch64, but this is Linux on riscv64");
    }
}
