package digitlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Small idx files, gzip, SHA-256 and tar archives made in memory, so no test needs the real MNIST.
 * Public for the tests of other packages (the commands, training) that want a tiny MNIST of their own.
 */
public final class FakeMnist {
    private FakeMnist() {
    }

    /** An idx header: the magic number, then one big-endian int per dimension. */
    public static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    /** An images file whose pixels depend on {@code seed}, so different files differ. */
    public static byte[] images(int count, int rows, int cols, int seed) {
        byte[] h = header(IdxFiles.IMAGES_MAGIC, count, rows, cols);
        byte[] data = new byte[h.length + count * rows * cols];
        System.arraycopy(h, 0, data, 0, h.length);
        for (int i = h.length; i < data.length; i++) {
            data[i] = (byte) (i * 31 + seed * 7);
        }
        return data;
    }

    /** A labels file of {@code count} labels starting at {@code first}, counting up mod 10. */
    public static byte[] labels(int count, int first) {
        byte[] h = header(IdxFiles.LABELS_MAGIC, count);
        byte[] data = new byte[h.length + count];
        System.arraycopy(h, 0, data, 0, h.length);
        for (int i = 0; i < count; i++) {
            data[h.length + i] = (byte) ((first + i) % 10);
        }
        return data;
    }

    /** A fake MNIST under the real names: 5 training and 3 test images of 4×3. */
    public static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Mnist.TRAIN_IMAGES, images(5, 4, 3, 1));
        files.put(Mnist.TRAIN_LABELS, labels(5, 0));
        files.put(Mnist.TEST_IMAGES, images(3, 4, 3, 2));
        files.put(Mnist.TEST_LABELS, labels(3, 7));
        return files;
    }

    public static Map<String, String> sums(Map<String, byte[]> files) {
        Map<String, String> sums = new LinkedHashMap<>();
        files.forEach((name, data) -> sums.put(name, sha256(data)));
        return sums;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** How a tar entry spells its path: all in the name field, split into ustar prefix and name, or in a pax header. */
    public enum PathStyle { NAME, PREFIX, PAX }

    public record TarEntry(String path, byte[] content, PathStyle style, char type) {
        public static TarEntry file(String path, byte[] content, PathStyle style) {
            return new TarEntry(path, content, style, '0');
        }

        public static TarEntry directory(String path) {
            return new TarEntry(path, new byte[0], PathStyle.NAME, '5');
        }
    }

    /** A gzipped ustar archive of the entries, ended by two zero blocks, as npm pack writes one. */
    public static byte[] tgz(List<TarEntry> entries) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (TarEntry e : entries) {
            switch (e.style()) {
                case NAME -> block(tar, e.path(), "", e.content().length, e.type());
                case PREFIX -> {
                    int slash = e.path().indexOf('/');
                    block(tar, e.path().substring(slash + 1), e.path().substring(0, slash), e.content().length, e.type());
                }
                case PAX -> {
                    String record = "path=" + e.path() + "\n";
                    // the length counts itself: two digits plus a space plus the record
                    String line = (record.length() + 3) + " " + record;
                    byte[] pax = line.getBytes(StandardCharsets.UTF_8);
                    block(tar, "PaxHeader/entry", "", pax.length, 'x');
                    data(tar, pax);
                    block(tar, "truncated-name", "", e.content().length, e.type());
                }
            }
            data(tar, e.content());
        }
        tar.writeBytes(new byte[1024]);
        return gzip(tar.toByteArray());
    }

    private static void block(ByteArrayOutputStream tar, String name, String prefix, long size, char type) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 345, prefix);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[155] = ' ';
        tar.writeBytes(h);
    }

    private static void data(ByteArrayOutputStream tar, byte[] content) {
        tar.writeBytes(content);
        tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
    }

    private static void put(byte[] h, int offset, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
