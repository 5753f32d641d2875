package digitlab.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLException;

/**
 * One HTTP GET into a temporary file, under a watchdog: it gives up once no byte has arrived for the read
 * timeout (HttpClient's own timeout covers only the wait for the response headers), and it refuses a body
 * bigger than any MNIST file. Every way it can fail comes back as a {@link FetchFailure} saying whether
 * trying again may help.
 */
final class HttpDownload {
    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    HttpDownload(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Writes the body of {@code uri} into {@code file} (an existing file of the caller's, emptied first),
     * reporting progress as {@code what}.
     *
     * @throws FetchFailure when the answer is no 200, or the transfer fails or stalls
     * @throws IOException  when {@code file} cannot be written, or the thread was interrupted
     */
    void get(URI uri, Path file, String what, MnistCache.Listener listener) throws FetchFailure, IOException {
        FileBody body = new FileBody(file, VerifiedStore.MAX_FILE_BYTES);
        try {
            AtomicLong length = new AtomicLong(-1);
            BodyHandler<Void> handler = info -> {
                length.set(info.headers().firstValueAsLong("Content-Length").orElse(-1));
                return info.statusCode() == 200 ? body : BodySubscribers.discarding();
            };
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(readTimeout).GET().build();
            HttpResponse<Void> response = await(client.sendAsync(request, handler), body, length, what, listener);
            int status = response.statusCode();
            if (status != 200) {
                boolean passing = status >= 500 || status == 429 || status == 408;
                throw new FetchFailure(passing ? FetchFailure.Kind.RETRY : FetchFailure.Kind.REFUSED, "HTTP status " + status);
            }
            listener.progress(what, body.received(), body.received());
        } finally {
            body.close();
        }
    }

    /** Waits for the download, reporting progress, and gives up when no byte has arrived for the read timeout. */
    private HttpResponse<Void> await(CompletableFuture<HttpResponse<Void>> future, FileBody body, AtomicLong length,
                                     String what, MnistCache.Listener listener) throws FetchFailure, IOException {
        long seen = -1;
        long lastArrival = System.nanoTime();
        while (true) {
            try {
                return future.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException t) {
                long received = body.received();
                if (received != seen) {
                    seen = received;
                    lastArrival = System.nanoTime();
                    if (received > 0) {
                        listener.progress(what, received, length.get());
                    }
                } else if (System.nanoTime() - lastArrival > readTimeout.toNanos()) {
                    future.cancel(true);
                    body.cancel();
                    throw new FetchFailure(FetchFailure.Kind.RETRY, "no data for " + Describe.duration(readTimeout)
                            + (received > 0 ? " after " + received + " of " + length.get() + " bytes" : ""));
                }
            } catch (InterruptedException e) {
                future.cancel(true);
                body.cancel();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while downloading " + what);
            } catch (ExecutionException e) {
                throw classify(e.getCause(), body.received(), length.get());
            }
        }
    }

    /** What a failed transfer means for trying again, in words a user can act on. */
    private FetchFailure classify(Throwable cause, long received, long length) {
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof FetchFailure f) {
            return f;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new FetchFailure(FetchFailure.Kind.UNREACHABLE, "could not connect within " + Describe.duration(connectTimeout));
        }
        if (cause instanceof HttpTimeoutException) {
            return new FetchFailure(FetchFailure.Kind.RETRY, "no answer within " + Describe.duration(readTimeout));
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return new FetchFailure(FetchFailure.Kind.UNREACHABLE, "could not connect: the host name does not resolve");
            }
        }
        if (cause instanceof ConnectException) {
            // HttpClient's ConnectException for a refused connection carries no message
            return new FetchFailure(FetchFailure.Kind.UNREACHABLE, "could not connect"
                    + (cause.getMessage() == null ? ": refused or closed" : " (" + cause.getMessage() + ")"));
        }
        if (cause instanceof SSLException) {
            return new FetchFailure(FetchFailure.Kind.UNREACHABLE, "no secure connection (" + Describe.exception(cause) + ")");
        }
        return new FetchFailure(FetchFailure.Kind.RETRY, "the connection broke off after " + received
                + (length >= 0 ? " of " + length : "") + " bytes (" + Describe.exception(cause) + ")");
    }

    /** Writes a response body into a file as it arrives and counts the bytes, for progress and the read timeout. */
    private static final class FileBody implements BodySubscriber<Void> {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicLong received = new AtomicLong();
        private final FileChannel channel;
        private final long limit;
        private volatile Flow.Subscription subscription;

        FileBody(Path file, long limit) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            this.limit = limit;
        }

        long received() {
            return received.get();
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            try {
                for (ByteBuffer b : buffers) {
                    if (received.addAndGet(b.remaining()) > limit) {
                        fail(new FetchFailure(FetchFailure.Kind.REFUSED, "more than " + limit + " bytes; no MNIST file is that big"));
                        return;
                    }
                    while (b.hasRemaining()) {
                        channel.write(b);
                    }
                }
                subscription.request(1);
            } catch (IOException e) {
                fail(e);
            }
        }

        private void fail(Throwable t) {
            cancel();
            done.completeExceptionally(t);
        }

        @Override
        public void onError(Throwable t) {
            close();
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            close();
            done.complete(null);
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            close();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the file is deleted next; a failed close loses nothing
            }
        }
    }
}
