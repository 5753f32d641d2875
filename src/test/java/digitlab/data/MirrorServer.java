package digitlab.data;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A web server on 127.0.0.1 standing in for the MNIST mirrors: each path answers as the test says
 * (the file, a connection dropped halfway, a stall, a status), and every request is counted.
 */
public final class MirrorServer implements AutoCloseable {
    /** How one path answers its {@code n}-th request (from 1). */
    public interface Response {
        void send(HttpExchange exchange, int n) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mirror-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Response> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public MirrorServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // several threads: a stalled answer must not hold up the others
        server.setExecutor(threads);
        server.start();
    }

    /** The base URL of a mirror living under {@code /name/}. */
    public URI mirror(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    }

    public void serve(String path, Response response) {
        routes.put(path, response);
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    public int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            Response response = routes.get(path);
            if (response == null) {
                status(404).send(exchange, n);
            } else {
                response.send(exchange, n);
            }
        }
    }

    public static Response body(byte[] data) {
        return (exchange, n) -> {
            exchange.sendResponseHeaders(200, data.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(data);
            }
        };
    }

    public static Response status(int code) {
        return (exchange, n) -> exchange.sendResponseHeaders(code, -1);
    }

    /** Promises the whole body in Content-Length, sends {@code sent} bytes, then drops the connection. */
    public static Response dropAfter(byte[] data, int sent) {
        return (exchange, n) -> {
            exchange.sendResponseHeaders(200, data.length);
            OutputStream out = exchange.getResponseBody();
            out.write(data, 0, sent);
            out.flush();
            // an exception out of the handler makes the server close the connection
            throw new IOException("connection dropped on purpose");
        };
    }

    /** Sends half the body, then nothing more until the server closes. */
    public Response stallAfterHalf(byte[] data) {
        return (exchange, n) -> {
            exchange.sendResponseHeaders(200, data.length);
            OutputStream out = exchange.getResponseBody();
            out.write(data, 0, data.length / 2);
            out.flush();
            try {
                closing.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stalled on purpose");
        };
    }

    /** Sends the body in {@code chunks} pieces with a pause before each. */
    public static Response slowly(byte[] data, int chunks, long pauseMillis) {
        return (exchange, n) -> {
            exchange.sendResponseHeaders(200, data.length);
            try (OutputStream out = exchange.getResponseBody()) {
                int step = (data.length + chunks - 1) / chunks;
                for (int off = 0; off < data.length; off += step) {
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                    out.write(data, off, Math.min(step, data.length - off));
                    out.flush();
                }
            }
        };
    }

    /** {@code first} for the first {@code times} requests, {@code then} afterwards. */
    public static Response firstThen(Response first, int times, Response then) {
        return (exchange, n) -> (n <= times ? first : then).send(exchange, n);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
