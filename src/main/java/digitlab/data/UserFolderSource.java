package digitlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files already in a folder the user named ({@code --data} or {@value MnistEnvironment#DATA_ENV}).
 * Nothing there is deleted, renamed or overwritten: a file that does not verify, raw or {@code .gz}, fails
 * the run with a {@link UserDataException} naming every such file, before anything is fetched. One
 * instance serves one run of {@link MnistCache#ensure}.
 */
final class UserFolderSource extends FolderSource {
    private final String namedBy;
    private final List<String> wrong = new ArrayList<>();

    /** @param namedBy how the user named the folder ("--data", "DIGITLAB_DATA"), for the message */
    UserFolderSource(String namedBy) {
        this.namedBy = namedBy;
    }

    @Override
    boolean clearWrongFile(String name, Path file, RefusedFile problem, String source, FailureReport report,
                           MnistCache.Listener listener) {
        wrong.add(file + ": " + problem.getMessage());
        return false;
    }

    @Override
    void wrongGz(String name, Path gz, String problem, String source, FailureReport report, MnistCache.Listener listener) {
        wrong.add(gz + ": " + problem);
    }

    @Override
    void finish() throws UserDataException {
        if (wrong.isEmpty()) {
            return;
        }
        boolean one = wrong.size() == 1;
        throw new UserDataException(String.join("\n", wrong) + "\n"
                + (one ? "left as it is" : "left as they are") + ": " + namedBy + " names a folder of yours, and DigitLab"
                + " deletes or overwrites nothing there; replace or remove " + (one ? "it" : "them")
                + " (the right files: `digitlab data --help`), or name another folder");
    }
}
