package digitlab.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * The files already in the folder, each raw or gzipped with {@code .gz} appended: a raw file that verifies
 * is taken as it is, a verified {@code .gz} is unpacked beside it. Whose folder it is decides what
 * becomes of a file that does not verify: see {@link CacheFolderSource} and {@link UserFolderSource}.
 */
abstract sealed class FolderSource implements Source permits CacheFolderSource, UserFolderSource {

    @Override
    public void fetch(Set<String> missing, VerifiedStore store, FailureReport report, MnistCache.Listener listener)
            throws IOException {
        String source = "files already in " + store.folder();
        for (String name : List.copyOf(missing)) {
            Path raw = store.folder().resolve(name);
            boolean rawThere = Files.exists(raw, LinkOption.NOFOLLOW_LINKS);
            if (rawThere) {
                try {
                    store.verify(name, raw);
                    missing.remove(name);
                    continue;
                } catch (RefusedFile wrong) {
                    if (!clearWrongFile(name, raw, wrong, source, report, listener)) {
                        continue;
                    }
                }
            }
            Path gz = store.folder().resolve(name + ".gz");
            if (Files.isRegularFile(gz)) {
                try (InputStream in = IdxFiles.openUnpacked(gz)) {
                    store.place(in, name, -1, "unpacking " + gz.getFileName(), listener);
                    missing.remove(name);
                    listener.message(name + ": unpacked from " + gz.getFileName() + " and verified");
                } catch (RefusedFile r) {
                    wrongGz(name, gz, r.getMessage(), source, report, listener);
                } catch (ZipException | EOFException e) {
                    wrongGz(name, gz, "cannot be unpacked: " + Describe.exception(e), source, report, listener);
                }
            } else if (!rawThere) {
                report.add(source, name + ": not there");
            }
        }
        finish();
    }

    /**
     * Deals with {@code file}, the raw file of {@code name}, which does not verify; returns whether its
     * name is free now, so that a {@code .gz} beside it may be unpacked there.
     */
    abstract boolean clearWrongFile(String name, Path file, RefusedFile wrong, String source, FailureReport report,
                                    MnistCache.Listener listener) throws IOException;

    /** Deals with {@code gz}, the gzipped file of {@code name}, which does not verify for {@code problem}. */
    abstract void wrongGz(String name, Path gz, String problem, String source, FailureReport report,
                          MnistCache.Listener listener);

    /** Called once every file was looked at. */
    abstract void finish() throws UserDataException;
}
