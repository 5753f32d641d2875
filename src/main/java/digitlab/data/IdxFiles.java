package digitlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import digitlab.dataset.Dataset;

/**
 * Reads the idx files MNIST comes in, raw or gzipped. An idx file is a big-endian header (a magic
 * number, then one 32-bit size per dimension) followed by unsigned bytes. Every claim of the header
 * is checked against the data before anything large is allocated: a raw file's length is known up
 * front, and a gzipped file is read in chunks that grow only as data actually arrives, so a damaged
 * header cannot make the reader allocate gigabytes.
 */
public final class IdxFiles {
    /** Magic number of an idx file of unsigned bytes with three dimensions: count, rows, columns. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an idx file of unsigned bytes with one dimension: count. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int IMAGES_HEADER_BYTES = 16;
    private static final int LABELS_HEADER_BYTES = 8;
    /** The longest byte array every JVM allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Gzipped data is read into a buffer that starts this big and doubles while data keeps coming. */
    private static final int FIRST_CHUNK = 1 << 20;

    private IdxFiles() {
    }

    /** The contents of an images file: {@code count} images of {@code rows×cols} bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /**
     * Reads an images file and its labels file into one {@link Dataset} called {@code name}. Both files
     * may be raw or gzipped; they must hold the same number of entries.
     */
    public static Dataset read(String name, Path images, Path labels) throws IOException {
        Images im = readImages(images);
        byte[] lb = readLabels(labels);
        if (im.count() != lb.length) {
            throw new MnistFormatException(images, "has " + im.count() + " images but " + labels + " has "
                    + lb.length + " labels; they must come in pairs");
        }
        return new Dataset(name, im.count(), im.rows(), im.cols(), im.pixels(), lb);
    }

    /** Reads an idx images file (magic 0x00000803), raw or gzipped, of any size rows×cols ≥ 1×1. */
    public static Images readImages(Path file) throws IOException {
        try (Reader in = new Reader(file)) {
            in.expectMagic(IMAGES_MAGIC, "images");
            ByteBuffer dims = in.header(IMAGES_HEADER_BYTES - 4, IMAGES_HEADER_BYTES, "images");
            long count = Integer.toUnsignedLong(dims.getInt());
            long rows = Integer.toUnsignedLong(dims.getInt());
            long cols = Integer.toUnsignedLong(dims.getInt());
            in.requirePositive(count, "images");
            in.requirePositive(rows, "rows");
            in.requirePositive(cols, "columns");
            BigInteger payload = BigInteger.valueOf(count).multiply(BigInteger.valueOf(rows)).multiply(BigInteger.valueOf(cols));
            String claim = "header says " + count + " images of " + rows + "×" + cols + " = "
                    + payload.add(BigInteger.valueOf(IMAGES_HEADER_BYTES)) + " bytes";
            byte[] pixels = in.payload(IMAGES_HEADER_BYTES, payload, claim);
            return new Images((int) count, (int) rows, (int) cols, pixels);
        }
    }

    /** Reads an idx labels file (magic 0x00000801), raw or gzipped; every label must be a digit 0..9. */
    public static byte[] readLabels(Path file) throws IOException {
        try (Reader in = new Reader(file)) {
            in.expectMagic(LABELS_MAGIC, "labels");
            ByteBuffer dims = in.header(LABELS_HEADER_BYTES - 4, LABELS_HEADER_BYTES, "labels");
            long count = Integer.toUnsignedLong(dims.getInt());
            in.requirePositive(count, "labels");
            BigInteger payload = BigInteger.valueOf(count);
            String claim = "header says " + count + " labels = " + payload.add(BigInteger.valueOf(LABELS_HEADER_BYTES)) + " bytes";
            byte[] labels = in.payload(LABELS_HEADER_BYTES, payload, claim);
            for (int i = 0; i < labels.length; i++) {
                int label = labels[i] & 0xFF;
                if (label > 9) {
                    throw new MnistFormatException(file, "label " + label + " at index " + i + " (byte "
                            + (LABELS_HEADER_BYTES + i) + ") is not a digit 0..9");
                }
            }
            return labels;
        }
    }

    /** Whether the file starts with the gzip magic bytes 1f 8b, whatever its name. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The file's bytes, gunzipped on the fly when it starts with the gzip magic bytes. */
    static InputStream openUnpacked(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            return gzip ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** One idx file being read: knows whether it is gzipped, and the raw length when it is not. */
    private static final class Reader implements AutoCloseable {
        private final Path file;
        private final boolean gzip;
        private final long fileSize;
        private final InputStream in;

        Reader(Path file) throws IOException {
            this.file = file;
            this.gzip = isGzip(file);
            this.fileSize = Files.size(file);
            try {
                this.in = openUnpacked(file);
            } catch (ZipException | EOFException e) { // a gzip header that is not one
                throw damaged(e);
            }
        }

        void expectMagic(int expected, String kind) throws IOException {
            ByteBuffer b = header(4, 4, kind);
            int magic = b.getInt();
            if (magic == expected) {
                return;
            }
            String found = String.format("0x%08x", magic);
            String what = magic == IMAGES_MAGIC ? " (an idx images file)" : magic == LABELS_MAGIC ? " (an idx labels file)" : "";
            throw new MnistFormatException(file, "starts with " + found + what + ", not the idx " + kind
                    + " magic number " + String.format("0x%08x", expected));
        }

        /** The next {@code n} header bytes; {@code headerBytes} is the whole header, for the message. */
        ByteBuffer header(int n, int headerBytes, String kind) throws IOException {
            byte[] b;
            try {
                b = in.readNBytes(n);
            } catch (ZipException | EOFException e) {
                throw damaged(e);
            }
            if (b.length < n) {
                throw new MnistFormatException(file, (gzip ? "the unpacked data" : "the file") + " ends inside the "
                        + headerBytes + "-byte header of an idx " + kind + " file");
            }
            return ByteBuffer.wrap(b);
        }

        void requirePositive(long value, String what) throws MnistFormatException {
            if (value < 1) {
                throw new MnistFormatException(file, "header says " + value + " " + what + "; there must be at least 1");
            }
        }

        /**
         * The {@code payload} bytes after the header, refusing before allocation when the header's
         * claim cannot be true, and afterwards when the data ends early or goes on past the claim.
         */
        byte[] payload(int headerBytes, BigInteger payload, String claim) throws IOException {
            BigInteger total = payload.add(BigInteger.valueOf(headerBytes));
            if (!gzip && total.compareTo(BigInteger.valueOf(fileSize)) != 0) {
                throw new MnistFormatException(file, claim + " but the file has " + fileSize + " bytes");
            }
            if (payload.compareTo(BigInteger.valueOf(MAX_ARRAY)) > 0) {
                throw new MnistFormatException(file, claim + ", more than one array can hold (" + MAX_ARRAY + " bytes)");
            }
            int expected = payload.intValueExact();
            // a raw file's length was checked above; gzipped data proves its length only by arriving
            byte[] buffer = new byte[gzip ? Math.min(expected, FIRST_CHUNK) : expected];
            int filled = 0;
            try {
                while (filled < expected) {
                    if (filled == buffer.length) {
                        buffer = Arrays.copyOf(buffer, (int) Math.min(expected, 2L * buffer.length));
                    }
                    int n = in.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        throw new MnistFormatException(file, claim + " but the " + (gzip ? "unpacked " : "")
                                + "data ends after " + (headerBytes + (long) filled) + " bytes");
                    }
                    filled += n;
                }
                if (in.read() >= 0) {
                    throw new MnistFormatException(file, claim + " but the " + (gzip ? "unpacked " : "")
                            + "data goes on past that");
                }
            } catch (ZipException | EOFException e) {
                throw damaged(e);
            }
            return buffer;
        }

        private MnistFormatException damaged(IOException e) {
            return new MnistFormatException(file, "the gzip data is damaged or cut short ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
