package digitlab.image;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The EXIF orientation of a JPEG (tag 0x0112 of IFD0 in the APP1 "Exif" segment), and turning grey
 * levels the way it says. A camera held sideways stores its picture as the sensor saw it and writes
 * how to turn it for display; javax.imageio decodes the stored pixels and ignores the tag, so a 7
 * photographed sideways would be read lying on its side.
 *
 * <p>The values, as the EXIF standard numbers them (what to do to the stored picture to show it):
 * 1 as stored, 2 mirrored left to right, 3 turned 180°, 4 mirrored top to bottom, 5 mirrored along the
 * main diagonal (transposed), 6 turned 90° clockwise, 7 mirrored along the other diagonal, 8 turned 90°
 * counter-clockwise. Both byte orders of the TIFF structure are read. Anything malformed (a cut-off
 * segment, offsets outside it, an unknown value) counts as 1: the picture is read as stored.
 */
final class ExifOrientation {
    static final int AS_STORED = 1;

    private ExifOrientation() {
    }

    /** The orientation of {@code file} (1 when it is not a JPEG or has no usable EXIF orientation). */
    static int of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return of(new DataInputStream(new BufferedInputStream(in)));
        } catch (IOException | RuntimeException e) {
            return AS_STORED;
        }
    }

    /**
     * Walks the JPEG's marker segments up to the start of the scan, looking for the APP1 Exif segment;
     * reads at most the segments' headers and that one segment (at most 64 KB).
     */
    private static int of(DataInputStream in) throws IOException {
        if (in.readUnsignedShort() != 0xFFD8) { // SOI
            return AS_STORED;
        }
        for (int segments = 0; segments < 1_000; segments++) {
            int marker = in.readUnsignedByte();
            if (marker != 0xFF) {
                return AS_STORED;
            }
            int type = in.readUnsignedByte();
            while (type == 0xFF) { // fill bytes
                type = in.readUnsignedByte();
            }
            if (type == 0xDA || type == 0xD9) { // start of scan, end of image: no more metadata
                return AS_STORED;
            }
            if (type == 0x01 || (type >= 0xD0 && type <= 0xD7)) { // markers without a length
                continue;
            }
            int length = in.readUnsignedShort() - 2;
            if (length < 0) {
                return AS_STORED;
            }
            if (type == 0xE1 && length >= 6) {
                byte[] segment = new byte[length];
                in.readFully(segment);
                if (segment[0] == 'E' && segment[1] == 'x' && segment[2] == 'i' && segment[3] == 'f' && segment[4] == 0
                        && segment[5] == 0) {
                    return fromTiff(segment, 6);
                }
            } else {
                skipFully(in, length);
            }
        }
        return AS_STORED;
    }

    private static void skipFully(DataInputStream in, int n) throws IOException {
        while (n > 0) {
            int skipped = in.skipBytes(n);
            if (skipped <= 0) {
                throw new EOFException();
            }
            n -= skipped;
        }
    }

    /** The orientation tag of IFD0 of the TIFF structure starting at {@code start} of {@code b}. */
    static int fromTiff(byte[] b, int start) {
        if (b.length - start < 8) {
            return AS_STORED;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return AS_STORED;
        }
        if (u16(b, start + 2, little) != 42) {
            return AS_STORED;
        }
        long ifd = start + u32(b, start + 4, little);
        if (ifd < start + 8 || ifd + 2 > b.length) {
            return AS_STORED;
        }
        int entries = u16(b, (int) ifd, little);
        for (int e = 0; e < entries; e++) {
            int at = (int) ifd + 2 + 12 * e;
            if (at + 12 > b.length) {
                return AS_STORED;
            }
            if (u16(b, at, little) == 0x0112) {
                int type = u16(b, at + 2, little);
                long count = u32(b, at + 4, little);
                if (type != 3 || count != 1) { // one SHORT, held in the entry itself
                    return AS_STORED;
                }
                int value = u16(b, at + 8, little);
                return value >= 1 && value <= 8 ? value : AS_STORED;
            }
        }
        return AS_STORED;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int x = b[at] & 0xFF, y = b[at + 1] & 0xFF;
        return little ? x | y << 8 : x << 8 | y;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long hi = u16(b, at + (little ? 2 : 0), little), lo = u16(b, at + (little ? 0 : 2), little);
        return hi << 16 | lo;
    }

    /** Whether the orientation swaps width and height. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * The stored grey levels ({@code width×height}) turned for display as {@code orientation} says; the
     * result is {@code height×width} when {@link #swapsSides} is true. Orientation 1 returns
     * {@code grey} itself.
     */
    static float[] apply(float[] grey, int width, int height, int orientation) {
        if (orientation == AS_STORED) {
            return grey;
        }
        int outW = swapsSides(orientation) ? height : width;
        float[] out = new float[grey.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int dx, dy; // where the stored pixel (x, y) is shown
                switch (orientation) {
                    case 2 -> { dx = width - 1 - x; dy = y; }
                    case 3 -> { dx = width - 1 - x; dy = height - 1 - y; }
                    case 4 -> { dx = x; dy = height - 1 - y; }
                    case 5 -> { dx = y; dy = x; }
                    case 6 -> { dx = height - 1 - y; dy = x; }
                    case 7 -> { dx = height - 1 - y; dy = width - 1 - x; }
                    case 8 -> { dx = y; dy = width - 1 - x; }
                    default -> throw new IllegalArgumentException("EXIF orientation " + orientation + " is not 1..8");
                }
                out[dy * outW + dx] = grey[y * width + x];
            }
        }
        return out;
    }
}
