package digitlab.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * A {@link PrintStream} that keeps the first {@link IOException} of the stream below it. A plain
 * {@code PrintStream} swallows write errors and only remembers that one happened
 * ({@link #checkError()}); this one can also tell why ("No space left on device", "Broken pipe"),
 * so that the command line can say so.
 */
public final class WatchedPrintStream extends PrintStream {
    private final Keeper keeper;

    private WatchedPrintStream(Keeper keeper, boolean autoFlush, Charset charset) {
        super(keeper, autoFlush, charset);
        this.keeper = keeper;
    }

    /** Writes to {@code target} in {@code charset}, flushing at the end of each line like {@code System.out}. */
    public static WatchedPrintStream over(OutputStream target, Charset charset) {
        return new WatchedPrintStream(new Keeper(target), true, charset);
    }

    /**
     * This process's standard output, in the charset {@code System.out} uses, buffered and flushed
     * at the end of each line like {@code System.out}.
     */
    public static WatchedPrintStream stdout() {
        String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
        Charset charset = Charset.defaultCharset();
        if (name != null && Charset.isSupported(name)) {
            charset = Charset.forName(name);
        }
        return over(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 8192), charset);
    }

    /** The first write or flush error of the stream below, if there was one. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(keeper.failure);
    }

    /** Passes everything on, remembering the first failure (the {@code PrintStream} above swallows it). */
    private static final class Keeper extends FilterOutputStream {
        private IOException failure;

        Keeper(OutputStream out) {
            super(out);
        }

        private IOException keep(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw keep(e);
            }
        }
    }
}
