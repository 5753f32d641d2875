package digitlab.cli;

/** Arguments that do not fit a command: reported in one line, followed by the usage, exit status 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
