package digitlab.data;

/** Why one source could not deliver one file, and whether trying the same source again may help. */
final class FetchFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** What asking again may do. */
    enum Kind {
        /** The source answered, and would answer the same again (a 404, wrong bytes). */
        REFUSED,
        /** The transfer broke off or stalled: the next try may work. */
        RETRY,
        /** No connection at all: the other files need not be asked of this source either. */
        UNREACHABLE
    }

    private final Kind kind;

    FetchFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
