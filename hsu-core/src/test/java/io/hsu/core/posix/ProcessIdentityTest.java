package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

final class ProcessIdentityTest {
    private static final String SLEEP = "4242 (sleep) S 4200 4242 4242 0 -1 4194304 91 0 0 0 0 0 0 0 20 0 1 0 "
            + "123456789 8187904 220 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

    @Test
    void parse_plainLine() {
        ProcessIdentity p = ProcessIdentity.parse(SLEEP);

        assertThat(p).isEqualTo(new ProcessIdentity(4242, "sleep", 'S', 4200, 4242, 4242, 123456789L));
        assertThat(p.isZombie()).isFalse();
        assertThat(p.isGroupLeader()).isTrue();
    }

    @Test
    void parse_commandWithBlanksAndParentheses_takesLastParenthesis() {
        String line = "77 (a) b (c) Z) Z 1 70 70 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 555 0 0";

        ProcessIdentity p = ProcessIdentity.parse(line);

        assertThat(p.command()).isEqualTo("a) b (c) Z");
        assertThat(p.state()).isEqualTo('Z');
        assertThat(p.isZombie()).isTrue();
        assertThat(p.parentPid()).isEqualTo(1);
        assertThat(p.processGroup()).isEqualTo(70);
        assertThat(p.isGroupLeader()).isFalse();
        assertThat(p.session()).isEqualTo(70);
        assertThat(p.startTimeTicks()).isEqualTo(555L);
    }

    @Test
    void parse_emptyCommand() {
        assertThat(ProcessIdentity.parse("5 () R 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9").command()).isEmpty();
    }

    @Test
    void parse_tooFewFields_saysHowMany() {
        assertThatThrownBy(() -> ProcessIdentity.parse("5 (x) R 1 5 5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot parse /proc/<pid>/stat line: expected at least 22 fields, but found 6: 5 (x) R 1 5 5");
    }

    @Test
    void parse_noCommand_rejected() {
        assertThatThrownBy(() -> ProcessIdentity.parse("garbage"))
                .hasMessage("cannot parse /proc/<pid>/stat line: no '<pid> (<command>)' at the start: garbage");
        assertThatThrownBy(() -> ProcessIdentity.parse(null))
                .hasMessage("cannot parse /proc/<pid>/stat line: it is null");
    }

    @Test
    void parse_nonNumericField_namesField() {
        assertThatThrownBy(() -> ProcessIdentity.parse(SLEEP.replace("123456789", "soon")))
                .hasMessageStartingWith("cannot parse /proc/<pid>/stat line: field 22 must be a number, but was 'soon': ");
        assertThatThrownBy(() -> ProcessIdentity.parse(SLEEP.replace(" S ", " Sx ")))
                .hasMessageStartingWith("cannot parse /proc/<pid>/stat line: field 3 (state) must be one letter, but was 'Sx'");
    }

    @Test
    void isSameProcessAs_comparesPidAndStartTime() {
        ProcessIdentity p = ProcessIdentity.parse(SLEEP);
        ProcessIdentity recycled = new ProcessIdentity(4242, "sleep", 'S', 4200, 4242, 4242, 999L);

        assertThat(p.isSameProcessAs(p)).isTrue();
        assertThat(p.isSameProcessAs(recycled)).isFalse();
    }

    @Test
    void read_rejectsNonPositivePid() {
        assertThatThrownBy(() -> ProcessIdentity.read(0)).hasMessage("pid must be > 0, but was 0");
    }

    @Test
    void parse_anyCommand_roundTrips() {
        qt().forAll(integers().between(1, 4_194_304), strings().allPossible().ofLengthBetween(0, 15),
                        longs().between(0, Long.MAX_VALUE))
                .checkAssert((pid, command, start) -> {
                    String line = pid + " (" + command + ") S 1 " + pid + " " + pid
                            + " 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 " + start + " 0 0";
                    ProcessIdentity p = ProcessIdentity.parse(line);
                    assertThat(p.command()).isEqualTo(command);
                    assertThat(p.pid()).isEqualTo(pid);
                    assertThat(p.startTimeTicks()).isEqualTo(start);
                });
    }
}
