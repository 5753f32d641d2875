package digitlab.data;

/**
 * A folder the user named ({@code --data} or {@value MnistCache#DATA_ENV}) does not exist or is no
 * folder, or a file in it is not the MNIST file its name promises (wrong SHA-256 or size, unreadable).
 * Such files are left exactly as they are: they are the user's, and only the user knows what they are.
 */
public final class UserDataException extends MnistDataException {
    private static final long serialVersionUID = 1L;

    public UserDataException(String message) {
        super(message);
    }
}
