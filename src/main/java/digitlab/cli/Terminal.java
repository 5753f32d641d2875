package digitlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether this process's stderr is a terminal, so that a line redrawn in place with {@code \r} makes
 * sense there and not in a log file or a pipe. Java 17 has no {@code isatty}: on Linux the link
 * {@code /proc/self/fd/2} names what stderr is open on; elsewhere {@code System.console()} (stdin and
 * stdout on a terminal) stands in for it.
 */
final class Terminal {
    /** Pseudo-terminals ({@code /dev/pts/3}), consoles and serial lines ({@code /dev/tty1}, {@code /dev/ttyS0}). */
    private static final Pattern TERMINAL_DEVICE = Pattern.compile("/dev/(pts/\\d+|tty[A-Za-z0-9]*|console)");
    private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

    private Terminal() {
    }

    /** True when stderr is a terminal. */
    static boolean stderr() {
        return decide(linkTarget(STDERR_LINK), System.console() != null);
    }

    /**
     * The decision: by the target of {@code /proc/self/fd/2} when there is one (a terminal device is a
     * terminal; a file, {@code /dev/null}, {@code pipe:[…]} or {@code socket:[…]} is not), else the
     * fallback.
     */
    static boolean decide(Optional<String> stderrTarget, boolean fallback) {
        return stderrTarget.map(t -> TERMINAL_DEVICE.matcher(t).matches()).orElse(fallback);
    }

    private static Optional<String> linkTarget(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty(); // not Linux, or no /proc
        }
    }
}
