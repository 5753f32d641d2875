package digitlab.cli;

/**
 * The exit statuses of {@code digitlab}, defined once: scripts tell "fix what you gave me" (2) from
 * "something around the program failed, try again" (1).
 */
public enum ExitCode {
    /** The command did what was asked. */
    OK(0, "done"),
    /**
     * The environment failed: the output could not be written (disk full, closed pipe), a folder is not
     * writable, a download failed, a training run diverged.
     */
    FAILURE(1, "the environment failed: output, disk, network, or a training run that diverged"),
    /**
     * The input is wrong: the arguments, or a file the user gave or pointed at (a model, a picture, a
     * damaged data file, a file name the system cannot encode).
     */
    BAD_INPUT(2, "wrong arguments, or a file given that cannot be used");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** What the status tells, in a few words for the usage. */
    public String meaning() {
        return meaning;
    }

    /** The number the process exits with. */
    public int code() {
        return code;
    }
}
