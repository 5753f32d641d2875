package digitlab.data;

import java.time.Duration;

/** How the data package words an exception and a timeout in its messages. */
final class Describe {
    private Describe() {
    }

    /** The exception's class and message ("EOFException: Unexpected end of ZLIB input stream"), or the class alone. */
    static String exception(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    /** "20 s", or "500 ms" when it is no whole number of seconds. */
    static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
