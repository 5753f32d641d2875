package digitlab.data;

import java.io.IOException;

/**
 * Why {@link MnistCache#ensure} could not make the MNIST files ready. Two kinds, because they call
 * for different answers: {@link UserDataException} when something the user pointed at is wrong (fix
 * the folder or the file), {@link DataUnavailableException} when the files could not be fetched (the
 * network, npm, the mirrors). The message names the folder or files and says what was tried.
 */
public abstract sealed class MnistDataException extends IOException permits UserDataException, DataUnavailableException {
    private static final long serialVersionUID = 1L;

    MnistDataException(String message) {
        super(message);
    }
}
