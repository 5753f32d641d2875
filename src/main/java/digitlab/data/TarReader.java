package digitlab.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Walks the entries of a tar stream (already gunzipped): 512-byte headers with octal sizes, the
 * ustar prefix field, and the pax and GNU extensions that carry long names. Just enough to take files
 * out of an npm package without a library; it never writes anything itself.
 */
final class TarReader {
    private static final int BLOCK = 512;
    /** Pax and GNU long-name records are small; a larger one means a damaged archive. */
    private static final long MAX_METADATA = 1 << 20;

    /** An entry's path inside the archive, its size in bytes, and its tar type flag. */
    record Entry(String name, long size, char type) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }
    }

    private final InputStream in;
    /** Bytes of the current entry's data not read yet, and the padding after them. */
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, skipping whatever is left of the current one; null at the end of the archive. */
    Entry next() throws IOException {
        in.skipNBytes(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        String paxPath = null;
        Long paxSize = null;
        while (true) {
            byte[] h = in.readNBytes(BLOCK);
            if (h.length == 0 || isZero(h)) {
                return null;
            }
            if (h.length < BLOCK) {
                throw new EOFException("the tar archive ends inside a header");
            }
            checkChecksum(h);
            String name = text(h, 0, 100);
            long size = number(h, 124, 12);
            char type = (char) (h[156] & 0xFF);
            // POSIX ustar ("ustar\0") splits long paths into prefix/name; old GNU ("ustar  ") uses those bytes otherwise
            if (text(h, 257, 6).equals("ustar") && h[262] == 0) {
                String prefix = text(h, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            switch (type) {
                case 'x' -> {
                    Map<String, String> pax = paxRecords(metadata(size));
                    paxPath = pax.getOrDefault("path", paxPath);
                    if (pax.containsKey("size")) {
                        paxSize = Long.parseLong(pax.get("size"));
                    }
                }
                case 'g' -> metadata(size);
                case 'L' -> longName = text(metadata(size), 0, (int) size);
                default -> {
                    if (longName != null) {
                        name = longName;
                    }
                    if (paxPath != null) {
                        name = paxPath;
                    }
                    if (paxSize != null) {
                        size = paxSize;
                    }
                    Entry e = new Entry(name, size, type);
                    remaining = e.isFile() ? size : 0;
                    padding = e.isFile() ? (BLOCK - size % BLOCK) % BLOCK : 0;
                    return e;
                }
            }
        }
    }

    /** The current entry's data; reading past it gives end of stream, an archive cut short gives EOFException. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the tar archive ends inside an entry");
                }
                remaining--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("the tar archive ends inside an entry");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private byte[] metadata(long size) throws IOException {
        if (size > MAX_METADATA) {
            throw new IOException("a tar extension header claims " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("the tar archive ends inside an extension header");
        }
        in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    /** Pax records are "LENGTH key=value\n", LENGTH counting the whole record in bytes. */
    private static Map<String, String> paxRecords(byte[] data) throws IOException {
        Map<String, String> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("a damaged pax header in the tar archive");
            }
            if (length <= space - pos + 1 || pos + length > data.length) {
                throw new IOException("a damaged pax header in the tar archive");
            }
            String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                records.put(record.substring(0, eq), record.substring(eq + 1));
            }
            pos += length;
        }
        return records;
    }

    private static void checkChecksum(byte[] h) throws IOException {
        long stored = number(h, 148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            // the checksum field itself counts as eight spaces
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xFF;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException("not a tar archive (a header checksum does not match)");
        }
    }

    /** A numeric field: octal digits (spaces and NULs around them), or base-256 when the top bit is set. */
    private static long number(byte[] h, int offset, int length) throws IOException {
        if ((h[offset] & 0x80) != 0) {
            long value = h[offset] & 0x7F;
            for (int i = offset + 1; i < offset + length; i++) {
                if (value >>> 55 != 0) {
                    throw new IOException("a tar header number is too large");
                }
                value = (value << 8) | (h[i] & 0xFF);
            }
            return value;
        }
        long value = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        for (; i < end && h[i] != ' ' && h[i] != 0; i++) {
            if (h[i] < '0' || h[i] > '7' || value >>> 60 != 0) {
                throw new IOException("not a tar archive (a header number is not octal)");
            }
            value = value * 8 + (h[i] - '0');
        }
        return value;
    }

    private static String text(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
