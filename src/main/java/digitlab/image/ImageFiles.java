package digitlab.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import digitlab.files.AtomicFile;

/**
 * Pictures of digits in files: reading any PNG or JPEG (and the other formats {@code javax.imageio}
 * reads: GIF, BMP, TIFF) as ink, and saving a drawing as a PNG.
 *
 * <p>Reading: the picture is converted to grey levels, its luminance {@code 0.299 R + 0.587 G +
 * 0.114 B} of the stored sRGB values (grey pictures: the stored level itself), then to ink by
 * {@link GreyToInk}. Transparent pixels are composited over the paper colour the opaque pixels imply:
 * when at least half the picture (by alpha) is opaque, the opaque pixels are mostly paper and their
 * median grey is the paper; otherwise the opaque pixels are the drawing itself, and the paper is
 * white behind a dark drawing and black behind a light one. A black digit on a transparent
 * background therefore reads like one on white, and a white one like one on black. A JPEG is turned
 * upright as its EXIF orientation says ({@link ExifOrientation}).
 *
 * <p>Refused, with the file and the reason named: a picture whose header claims more than
 * {@link #MAX_SIDE} a side or {@link #MAX_PIXELS}, or more pixels than its file could hold, or more
 * than the memory this JVM may use can decode (all before decoding); a picture the decoder reports
 * truncated or corrupt (a JPEG decoded with libjpeg's "Corrupt JPEG data" warnings has grey or
 * garbled parts that would be read as a confident wrong digit); and one whose decoding runs out of
 * memory all the same.
 */
public final class ImageFiles {
    /** Pictures wider or taller than this are refused before their pixels are decoded. */
    public static final int MAX_SIDE = 10_000;
    /** Pictures with more pixels than this are refused too (about 0.6 GB to decode and convert). */
    public static final long MAX_PIXELS = 50_000_000L;
    /**
     * The most pixels one byte of a picture file can stand for: deflate (PNG, TIFF) expands at most
     * 1032 times and a 1-bit picture holds 8 pixels a byte; JPEG, GIF and BMP compress less. A header
     * claiming more pixels than its file could hold is damaged, and is refused before decoding.
     */
    static final long PIXELS_PER_BYTE = 8_400;

    /** The most pixels an honest picture file of {@code fileBytes} bytes can decode to (and at most {@link #MAX_PIXELS}). */
    public static long maxPixels(long fileBytes) {
        return Math.min(MAX_PIXELS, 1_000_000 + PIXELS_PER_BYTE * Math.max(0, fileBytes));
    }

    private ImageFiles() {
    }

    /**
     * Reads a picture file as ink, turned upright as its EXIF orientation says (JPEG).
     *
     * @throws ImageReadException naming the file and the reason, for a missing, unreadable, empty,
     *     truncated, corrupt or non-image file, one larger than {@link #MAX_SIDE} / {@link #MAX_PIXELS},
     *     or one too large to decode in the memory this JVM may use
     */
    public static InkImage read(Path file) throws ImageReadException {
        return read(file, Runtime.getRuntime().maxMemory());
    }

    /** {@link #read(Path)} for a JVM that may use {@code heapBytes} of memory. */
    static InkImage read(Path file, long heapBytes) throws ImageReadException {
        BufferedImage image = decode(file, heapBytes);
        int w = image.getWidth(), h = image.getHeight();
        try {
            float[] grey = greyLevels(image);
            image = null; // no longer needed: let it go before the next arrays
            int orientation = ExifOrientation.of(file);
            grey = ExifOrientation.apply(grey, w, h, orientation);
            boolean swap = ExifOrientation.swapsSides(orientation);
            return GreyToInk.toInk(grey, swap ? h : w, swap ? w : h);
        } catch (OutOfMemoryError e) {
            throw tooLargeForMemory(file, w, h);
        }
    }

    private static ImageReadException tooLargeForMemory(Path file, int width, int height) {
        return new ImageReadException(file, "too large to decode in the memory available (" + width + "×" + height
                + " pixels; this program may use " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB)");
    }

    /**
     * Roughly the memory, in bytes, that decoding and converting a picture of {@code pixels} pixels of
     * {@code bytesPerPixel} takes at its peak: the decoded raster, then two arrays of floats (grey
     * levels and ink, plus the turned copy or the alpha channel).
     */
    static long memoryToRead(long pixels, int bytesPerPixel) {
        return pixels * (bytesPerPixel + 3L * Float.BYTES);
    }

    /**
     * Saves a drawing as an 8-bit grey PNG, dark ink on white paper ({@code grey = 1 - ink}, ink
     * clamped to [0, 1]). The PNG is written to a temporary file in the same folder, flushed to disk,
     * then renamed over {@code file} in one atomic step, so a crash leaves the old file or the new
     * one, never half a file.
     */
    public static void write(Path file, InkImage drawing) throws IOException {
        AtomicFile.write(file, encodePng(drawing));
    }

    /**
     * The PNG bytes {@link #write} puts in a file: 8-bit grey, dark ink on white paper
     * ({@code grey = round((1 - ink) · 255)}, ink clamped to [0, 1]), for a caller that writes them itself.
     */
    public static byte[] encodePng(InkImage drawing) throws IOException {
        BufferedImage image = new BufferedImage(drawing.width(), drawing.height(), BufferedImage.TYPE_BYTE_GRAY);
        // written into the raster, not through setRGB, which would apply a gamma curve to grey
        byte[] grey = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        float[] ink = drawing.ink();
        for (int i = 0; i < ink.length; i++) {
            float clamped = Math.min(1f, Math.max(0f, ink[i]));
            grey[i] = (byte) Math.round((1 - clamped) * 255);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // a memory cache: ImageIO's default would put a cache file in the temp folder
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Decodes the first picture in {@code file}, checking its size from the header first. */
    static BufferedImage decode(Path file) throws ImageReadException {
        return decode(file, Runtime.getRuntime().maxMemory());
    }

    /**
     * Warnings of the JPEG decoder (libjpeg's) that mean the data is damaged: the picture it returns
     * has grey or garbled parts, so it is refused rather than read as a confident wrong digit.
     */
    private static final String[] CORRUPT_WARNINGS = {"corrupt", "extraneous bytes", "bad huffman", "invalid sos",
        "inconsistent progression"};

    /**
     * {@link #decode(Path)} for a JVM that may use {@code heapBytes}: a picture whose raster and grey
     * levels would need more than most of that is refused before decoding.
     */
    static BufferedImage decode(Path file, long heapBytes) throws ImageReadException {
        checkFile(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new ImageReadException(file, "cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageReadException(file, "not a picture (not PNG, JPEG or another format ImageIO reads)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0), height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
                    throw new ImageReadException(file, "too large: " + width + "×" + height + " pixels (at most "
                            + MAX_SIDE + " a side and " + MAX_PIXELS / 1_000_000 + " million in all)");
                }
                long bytes = in.length() >= 0 ? in.length() : Files.size(file);
                if ((long) width * height > maxPixels(bytes)) {
                    throw new ImageReadException(file, "damaged: its header says " + width + "×" + height
                            + " pixels, more than a file of " + bytes + " bytes can hold");
                }
                long need = memoryToRead((long) width * height, bytesPerPixel(reader));
                if (need > heapBytes * 3 / 4) {
                    throw new ImageReadException(file, "too large to decode in the memory available (" + width + "×"
                            + height + " pixels need about " + need / (1 << 20) + " MB; this program may use "
                            + heapBytes / (1 << 20) + " MB)");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image;
                try {
                    image = reader.read(0);
                } catch (OutOfMemoryError e) {
                    throw tooLargeForMemory(file, width, height);
                }
                // a truncated or corrupt JPEG decodes with a warning, the damaged part grey: refuse it
                for (String warning : warnings) {
                    String w = warning.toLowerCase(Locale.ROOT);
                    if (w.contains("premature end of") && !w.contains("data segment") || w.contains("truncated")) {
                        throw new ImageReadException(file, "truncated " + reader.getFormatName() + " (" + warning + ")");
                    }
                }
                for (String warning : warnings) {
                    String w = warning.toLowerCase(Locale.ROOT);
                    for (String corrupt : CORRUPT_WARNINGS) {
                        if (w.contains(corrupt)) {
                            throw new ImageReadException(file, "corrupt " + reader.getFormatName() + " data (" + warning + ")");
                        }
                    }
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException e) {
            if (causedBy(e, OutOfMemoryError.class)) {
                throw new ImageReadException(file, "too large to decode in the memory available (this program may use "
                        + heapBytes / (1 << 20) + " MB)", e);
            }
            throw new ImageReadException(file, "damaged or truncated picture (" + causes(e) + ")", e);
        } catch (RuntimeException e) {
            // ImageIO's plugins throw unchecked exceptions of many kinds on garbage
            throw new ImageReadException(file, "damaged picture data (" + causes(e) + ")", e);
        } catch (OutOfMemoryError e) { // reading the header of something odd
            throw new ImageReadException(file, "too large to decode in the memory available (this program may use "
                    + heapBytes / (1 << 20) + " MB)");
        }
    }

    /** The bytes a pixel of the decoded picture takes (4 when the reader does not say). */
    private static int bytesPerPixel(ImageReader reader) {
        try {
            ImageTypeSpecifier type = reader.getRawImageType(0);
            if (type == null) {
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                type = types.hasNext() ? types.next() : null;
            }
            if (type != null) {
                int bits = 0;
                for (int band = 0; band < type.getNumBands(); band++) {
                    bits += type.getBitsPerBand(band);
                }
                return Math.max(1, (bits + 7) / 8);
            }
        } catch (IOException | RuntimeException e) {
            // the reader cannot say before decoding: assume 32-bit colour
        }
        return 4;
    }

    /** Whether {@code e} or one of its causes is a {@code kind}. */
    static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (kind.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The messages of {@code e} and its causes, joined: ImageIO wraps the real reason in an exception
     * that says only "Caught exception during read: ".
     */
    static String causes(Throwable e) {
        StringBuilder s = new StringBuilder();
        int depth = 0;
        for (Throwable c = e; c != null && depth < 5; c = c.getCause() == c ? null : c.getCause(), depth++) {
            String m = c.getMessage() == null || c.getMessage().isBlank() ? c.getClass().getSimpleName() : c.getMessage().strip();
            if (!(c instanceof IOException)) {
                m = c.getClass().getSimpleName() + ": " + m;
            }
            if (s.indexOf(m) < 0) {
                s.append(s.length() == 0 ? "" : s.charAt(s.length() - 1) == ':' ? " " : ": ").append(m);
            }
        }
        return s.toString();
    }

    private static void checkFile(Path file) throws ImageReadException {
        try {
            if (Files.isDirectory(file)) {
                throw new ImageReadException(file, "is a folder, not a picture");
            }
            if (Files.size(file) == 0) {
                throw new ImageReadException(file, "the file is empty");
            }
        } catch (NoSuchFileException e) {
            throw new ImageReadException(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new ImageReadException(file, "permission denied", e);
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageReadException(file, "cannot be read (" + e + ")", e);
        }
        if (!Files.isReadable(file)) {
            throw new ImageReadException(file, "permission denied");
        }
    }

    /**
     * The grey level (0 = black, 1 = white) of every pixel, row-major, transparent pixels composited
     * over the implied paper (see the class comment).
     */
    static float[] greyLevels(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        float[] grey = new float[w * h];
        float[] alpha = image.getColorModel().hasAlpha() ? new float[w * h] : null;
        if (isPlainGrey(image.getColorModel())) {
            readGreyRaster(image.getRaster(), image.getColorModel(), grey, alpha);
        } else {
            readRgb(image, grey, alpha);
        }
        if (alpha != null) {
            float paper = paperBehind(grey, alpha);
            for (int i = 0; i < grey.length; i++) {
                grey[i] = alpha[i] * grey[i] + (1 - alpha[i]) * paper;
            }
        }
        return grey;
    }

    /**
     * A grey picture whose samples are the grey levels themselves. Read through getRGB, its levels
     * would be put through a gamma curve (Java takes its grey as linear light): 128 would read as 186.
     */
    private static boolean isPlainGrey(ColorModel model) {
        return model instanceof ComponentColorModel
                && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !model.isAlphaPremultiplied()
                && (model.getTransferType() == DataBuffer.TYPE_BYTE || model.getTransferType() == DataBuffer.TYPE_USHORT);
    }

    private static void readGreyRaster(Raster raster, ColorModel model, float[] grey, float[] alpha) {
        int w = raster.getWidth(), h = raster.getHeight();
        float greyMax = (1 << model.getComponentSize(0)) - 1;
        float alphaMax = alpha == null ? 1 : (1 << model.getComponentSize(1)) - 1;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                grey[y * w + x] = row[x] / greyMax;
            }
            if (alpha != null) {
                raster.getSamples(0, y, w, 1, 1, row);
                for (int x = 0; x < w; x++) {
                    alpha[y * w + x] = row[x] / alphaMax;
                }
            }
        }
    }

    private static void readRgb(BufferedImage image, float[] grey, float[] alpha) {
        int w = image.getWidth(), h = image.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
                grey[y * w + x] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
                if (alpha != null) {
                    alpha[y * w + x] = (argb >>> 24) / 255f;
                }
            }
        }
    }

    /** The grey level to composite transparent pixels over (see the class comment). */
    static float paperBehind(float[] grey, float[] alpha) {
        double opacity = 0, weightedGrey = 0;
        int[] opaqueLevels = new int[256];
        int opaqueCount = 0;
        for (int i = 0; i < grey.length; i++) {
            opacity += alpha[i];
            weightedGrey += alpha[i] * grey[i];
            if (alpha[i] >= 0.5f) {
                opaqueLevels[Math.round(grey[i] * 255)]++;
                opaqueCount++;
            }
        }
        if (opacity >= 0.5 * grey.length) {
            int seen = 0;
            for (int level = 0; level < 256; level++) {
                seen += opaqueLevels[level];
                if (2 * seen >= opaqueCount) {
                    return level / 255f;
                }
            }
        }
        if (opacity == 0) {
            return 1;
        }
        return weightedGrey / opacity < 0.5 ? 1 : 0;
    }
}
