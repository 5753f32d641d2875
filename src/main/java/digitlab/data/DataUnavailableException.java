package digitlab.data;

/**
 * Some MNIST file could be had from no source: npm missing, failing or stalled, mirrors unreachable,
 * refusing or sending wrong bytes. The message lists each source tried and why it failed, and how to
 * place the files by hand.
 */
public final class DataUnavailableException extends MnistDataException {
    private static final long serialVersionUID = 1L;

    public DataUnavailableException(String message) {
        super(message);
    }
}
