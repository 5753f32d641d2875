package digitlab.data;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The files already in DigitLab's own cache folder. A raw file there that does not verify is got out of
 * the way and fetched again: deleted when DigitLab wrote it (see {@link CacheManifest}), else moved aside
 * as {@code NAME.bad-TIME}. A {@code .gz} that does not verify is someone's own file: reported, left
 * alone, never used.
 */
final class CacheFolderSource extends FolderSource {
    /** The time in the name of a file moved aside: {@code NAME.bad-20250131-235959} (UTC). */
    private static final DateTimeFormatter BAD_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final CacheManifest manifest;

    CacheFolderSource(CacheManifest manifest) {
        this.manifest = manifest;
    }

    @Override
    boolean clearWrongFile(String name, Path file, RefusedFile wrong, String source, FailureReport report,
                           MnistCache.Listener listener) throws IOException {
        String problem = wrong.getMessage();
        String outcome;
        try {
            if (wrong.digest().isPresent() && manifest.wrote(name, wrong.digest().get().sha256(), wrong.digest().get().size())) {
                Files.delete(file);
                manifest.forget(name);
                outcome = name + ": " + problem + "; DigitLab wrote it, so it is removed and fetched again";
            } else {
                Path aside = moveAside(file);
                manifest.forget(name);
                outcome = name + ": " + problem + "; not written by DigitLab, so moved aside to " + aside.getFileName()
                        + " and fetched again";
            }
        } catch (IOException e) {
            throw new IOException(file + ": " + problem + "; cannot move it out of the way (" + Describe.exception(e)
                    + "); remove or replace it by hand", e);
        }
        report.add(source, outcome);
        listener.message(outcome);
        return true;
    }

    @Override
    void wrongGz(String name, Path gz, String problem, String source, FailureReport report, MnistCache.Listener listener) {
        report.add(source, name + ".gz: " + problem + "; not used, left as it is");
        listener.message(name + ".gz: " + problem + "; not used, left as it is");
    }

    @Override
    void finish() {
        // every wrong file was dealt with as it was found
    }

    /** Renames {@code file} to {@code NAME.bad-yyyyMMdd-HHmmss} (a number added should that be taken). */
    private static Path moveAside(Path file) throws IOException {
        String base = file.getFileName() + ".bad-" + BAD_STAMP.format(Instant.now());
        for (int n = 1; ; n++) {
            Path aside = file.resolveSibling(n == 1 ? base : base + "-" + n);
            try {
                return Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                if (n >= 100) {
                    throw e;
                }
            }
        }
    }
}
