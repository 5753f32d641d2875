package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether stderr is a terminal, decided from what {@code /proc/self/fd/2} points at. */
class TerminalTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/dev/pts/0, true",
        "/dev/pts/17, true",
        "/dev/tty, true",
        "/dev/tty1, true",
        "/dev/ttyS0, true",
        "/dev/console, true",
        "/dev/null, false",
        "/dev/zero, false",
        "/home/ann/train.log, false",
        "/tmp/log (deleted), false",
        "'pipe:[123456]', false",
        "'socket:[98765]', false",
        "/dev/pts/, false",
        "/dev/ptsx/1, false",
    })
    void aLinkTargetIsATerminalOnlyWhenItIsATerminalDevice(String target, boolean terminal) {
        // the fallback says the opposite, so that the link's answer is the one seen
        assertEquals(terminal, Terminal.decide(Optional.of(target), !terminal));
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void withoutProcTheConsoleDecides(boolean console) {
        assertEquals(console, Terminal.decide(Optional.empty(), console));
    }
}
