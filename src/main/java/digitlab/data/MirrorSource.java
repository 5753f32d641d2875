package digitlab.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * HTTPS mirrors of the original gz files ({@code BASE/NAME.gz}), tried in order. A download that breaks
 * off or stalls is tried again; a mirror that answers with wrong bytes or an error status is not asked
 * again for that file, and one that cannot be reached at all is not asked for the other files either.
 *
 * @param attempts   tries per file and mirror when a download breaks off
 * @param retryPause the pause before the n-th retry (times n)
 */
record MirrorSource(List<URI> mirrors, Duration connectTimeout, Duration readTimeout, int attempts, Duration retryPause)
        implements Source {
    @Override
    public void fetch(Set<String> missing, VerifiedStore store, FailureReport report, MnistCache.Listener listener)
            throws IOException {
        if (mirrors.isEmpty()) {
            report.add("mirrors", "none configured (" + MnistEnvironment.MIRRORS_ENV + ")");
            return;
        }
        HttpDownload http = new HttpDownload(connectTimeout, readTimeout);
        for (URI mirror : mirrors) {
            String source = mirror.toString();
            boolean unreachable = false;
            for (String name : List.copyOf(missing)) {
                if (unreachable) {
                    report.add(source, name + ".gz: skipped, the mirror is unreachable");
                    continue;
                }
                URI uri = resolve(mirror, name + ".gz");
                try {
                    download(http, uri, name, store, listener);
                    missing.remove(name);
                    listener.message(name + ": from " + uri + ", verified");
                } catch (FetchFailure failure) {
                    report.add(source, name + ".gz: " + failure.getMessage());
                    listener.message(uri + ": " + failure.getMessage());
                    unreachable = failure.kind() == FetchFailure.Kind.UNREACHABLE;
                }
            }
        }
    }

    private static URI resolve(URI base, String file) {
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text + file : text + "/" + file);
    }

    /** Downloads, unpacks, verifies and places one file, trying again when the transfer breaks off. */
    private void download(HttpDownload http, URI uri, String name, VerifiedStore store, MnistCache.Listener listener)
            throws FetchFailure, IOException {
        FetchFailure last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                downloadOnce(http, uri, name, store, listener);
                return;
            } catch (FetchFailure f) {
                if (f.kind() == FetchFailure.Kind.REFUSED) {
                    throw f;
                }
                last = f;
            }
            if (attempt < attempts) {
                listener.message(uri + ": " + last.getMessage() + "; trying again");
                try {
                    Thread.sleep(retryPause.multipliedBy(attempt).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to try " + uri + " again");
                }
            }
        }
        throw attempts == 1 ? last : new FetchFailure(last.kind(), last.getMessage() + " (" + attempts + " tries)");
    }

    private static void downloadOnce(HttpDownload http, URI uri, String name, VerifiedStore store,
                                     MnistCache.Listener listener) throws FetchFailure, IOException {
        Path gz = store.temporaryFile(name, ".gz.part");
        try {
            http.get(uri, gz, name + ".gz from " + uri.getHost(), listener);
            try (InputStream in = IdxFiles.openUnpacked(gz)) {
                store.place(in, name, -1, "unpacking " + name, listener);
            } catch (ZipException | EOFException e) {
                throw damaged(e);
            } catch (RefusedFile r) {
                if (r.getCause() instanceof ZipException || r.getCause() instanceof EOFException) {
                    throw damaged(r.getCause());
                }
                throw new FetchFailure(FetchFailure.Kind.REFUSED, r.getMessage() + "; refused");
            }
        } finally {
            Files.deleteIfExists(gz);
        }
    }

    private static FetchFailure damaged(Throwable e) {
        return new FetchFailure(FetchFailure.Kind.RETRY, "the download is damaged gzip data (" + Describe.exception(e) + ")");
    }
}
