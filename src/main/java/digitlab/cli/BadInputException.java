package digitlab.cli;

/** Input that cannot be used (a missing or damaged file, an unreadable image): one line, exit status 2. */
final class BadInputException extends Exception {
    BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    BadInputException(String message) {
        super(message);
    }
}
