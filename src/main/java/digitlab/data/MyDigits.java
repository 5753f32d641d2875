package digitlab.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import digitlab.dataset.Dataset;
import digitlab.files.AtomicFile;
import digitlab.files.UserFolders;
import digitlab.image.ImageFiles;
import digitlab.image.InkImage;

/**
 * The user's own digits ("Learn my handwriting"): a folder holding, for each digit, the drawing's
 * strokes as the canvas held them ({@value #STROKES_SIDE}×{@value #STROKES_SIDE}, {@code NAME.strokes.png})
 * and the {@value #SIDE}×{@value #SIDE} picture the network saw ({@code NAME.28.png}), both 8-bit grey PNGs
 * written as {@link ImageFiles#write} writes drawings (dark ink on white: {@code grey = round((1 − ink)·255)}),
 * and {@value #LABELS}: the header {@value #HEADER}, then one line per digit (its two file names, its label
 * 0–9, and when it was added, ISO-8601 UTC).
 *
 * <p>Every file is written through {@link AtomicFile}, the pictures first and {@value #LABELS} last, so a
 * crash never lists a file that is missing (it may leave a picture that nothing lists, which is harmless).
 * Each operation reads {@value #LABELS} afresh: one that is damaged is refused with its line named, and
 * nothing is changed. {@link #delete} removes only the two pictures of the digit named, which this class
 * wrote; nothing else in the folder is ever removed. The folder is created on the first {@link #add}.
 *
 * <p>The methods are synchronized on this object; two objects (or processes) on one folder are not
 * coordinated beyond what AtomicFile guarantees.
 */
public final class MyDigits {
    /** The list of digits in the folder. */
    public static final String LABELS = "labels.csv";
    /** The first line of {@value #LABELS}. */
    public static final String HEADER = "strokes,pixels,label,added";
    /** The side of a stored drawing, in pixels: the Draw view's canvas. */
    public static final int STROKES_SIDE = 280;
    /** The side of the picture the network saw. */
    public static final int SIDE = 28;
    /** A system property naming the folder instead of the user's data folder (for tests and trials). */
    public static final String FOLDER_PROPERTY = "digitlab.myDigits";
    static final String STROKES_SUFFIX = ".strokes.png";
    static final String PIXELS_SUFFIX = ".28.png";
    /** Larger picture files are refused unread: ours are a few kilobytes. */
    private static final long MAX_PNG_BYTES = 4L << 20;
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,200}\\.png");
    private static final DateTimeFormatter STEM_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** One stored digit: the names of its two pictures in the folder, its label, and when it was added (may be null). */
    public record Entry(String strokesFile, String pixelsFile, int label, Instant added) {
    }

    /** A folder of digits that cannot be read or written as asked; the message names the file (and line). */
    public static final class MyDigitsException extends IOException {
        private static final long serialVersionUID = 1L;

        public MyDigitsException(String message) {
            super(message);
        }

        MyDigitsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path folder;

    /** The digits kept in {@code folder} (which need not exist yet). */
    public MyDigits(Path folder) {
        this.folder = folder;
    }

    /** {@code $XDG_DATA_HOME/digitlab/my-digits}, else {@code ~/.local/share/digitlab/my-digits}. */
    public static Path defaultFolder(Map<String, String> env, Path home) {
        return UserFolders.data(env, home).resolve("my-digits");
    }

    /** The user's digits: the folder {@value #FOLDER_PROPERTY} names, else {@link #defaultFolder}. */
    public static MyDigits forUser() {
        String given = System.getProperty(FOLDER_PROPERTY);
        if (given != null && !given.isBlank()) {
            return new MyDigits(Path.of(given));
        }
        return new MyDigits(defaultFolder(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    public Path folder() {
        return folder;
    }

    /** The digits listed in {@value #LABELS}, in its order; empty when the folder or the list does not exist yet. */
    public synchronized List<Entry> list() throws IOException {
        return readLabels(folder);
    }

    /**
     * Stores a drawing: {@code strokes} ({@value #STROKES_SIDE}×{@value #STROKES_SIDE} ink) and
     * {@code pixels} (the {@value #SIDE}×{@value #SIDE} network input, row-major, 0 paper … 1 ink) as two new
     * PNGs, then the list with the new entry at its end. Neither argument is modified.
     *
     * @throws MyDigitsException for a wrong size or label, or a damaged list (then nothing is written)
     */
    public synchronized Entry add(InkImage strokes, float[] pixels, int label) throws IOException {
        checkLabel(label);
        if (strokes.width() != STROKES_SIDE || strokes.height() != STROKES_SIDE) {
            throw new MyDigitsException("a drawing to keep must be " + STROKES_SIDE + "×" + STROKES_SIDE + " pixels, not "
                    + strokes.width() + "×" + strokes.height());
        }
        if (pixels.length != SIDE * SIDE) {
            throw new MyDigitsException("the network's picture has " + SIDE * SIDE + " pixels, not " + pixels.length);
        }
        List<Entry> entries = new ArrayList<>(readLabels(folder));
        Files.createDirectories(folder);
        Entry entry = writePair(strokes, new InkImage(pixels.clone(), SIDE, SIDE), label, Instant.now());
        entries.add(entry);
        try {
            writeLabels(folder, entries);
        } catch (IOException | RuntimeException e) {
            removePictures(entry, e);
            throw e;
        }
        return entry;
    }

    /** Gives {@code entry} the label {@code label}: only the list is rewritten. Returns the changed entry. */
    public synchronized Entry relabel(Entry entry, int label) throws IOException {
        checkLabel(label);
        List<Entry> entries = new ArrayList<>(readLabels(folder));
        int i = indexOf(entries, entry);
        Entry changed = new Entry(entry.strokesFile(), entry.pixelsFile(), label, entries.get(i).added());
        entries.set(i, changed);
        writeLabels(folder, entries);
        return changed;
    }

    /**
     * Removes {@code entry} from the list, then its two pictures (and nothing else). A picture that is
     * already gone is no error.
     */
    public synchronized void delete(Entry entry) throws IOException {
        List<Entry> entries = new ArrayList<>(readLabels(folder));
        Entry listed = entries.remove(indexOf(entries, entry));
        writeLabels(folder, entries);
        Files.deleteIfExists(folder.resolve(listed.strokesFile()));
        Files.deleteIfExists(folder.resolve(listed.pixelsFile()));
    }

    /** The drawing of {@code entry}, as ink ({@value #STROKES_SIDE}×{@value #STROKES_SIDE}). */
    public InkImage strokes(Entry entry) throws IOException {
        return readPng(folder.resolve(entry.strokesFile()), STROKES_SIDE);
    }

    /** The picture the network saw for {@code entry}: {@value #SIDE}×{@value #SIDE} values, 0 paper … 1 ink. */
    public float[] pixels(Entry entry) throws IOException {
        return readPng(folder.resolve(entry.pixelsFile()), SIDE).ink();
    }

    /**
     * All the digits as a training set ({@value #SIDE}×{@value #SIDE} bytes, 0 paper … 255 ink, as MNIST),
     * in the list's order.
     *
     * @throws MyDigitsException naming the file for a damaged list or a missing or damaged picture
     */
    public synchronized Dataset dataset() throws IOException {
        return dataset(folder, readLabels(folder));
    }

    /**
     * Reads a folder in this format (for {@code train --extra}) as a training set, checking every file.
     *
     * @throws MyDigitsException naming the file (and line) for anything missing or wrong
     */
    public static Dataset read(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new MyDigitsException(source + ": is not a folder");
        }
        if (!Files.exists(source.resolve(LABELS))) {
            throw new MyDigitsException(source + ": has no " + LABELS + " (a my-digits folder lists its digits there)");
        }
        List<Entry> entries = readLabels(source);
        for (Entry e : entries) {
            readPng(source.resolve(e.strokesFile()), STROKES_SIDE);
        }
        return dataset(source, entries);
    }

    private static Dataset dataset(Path from, List<Entry> entries) throws IOException {
        byte[] pixels = new byte[entries.size() * SIDE * SIDE], labels = new byte[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            float[] ink = readPng(from.resolve(entries.get(i).pixelsFile()), SIDE).ink();
            for (int p = 0; p < ink.length; p++) {
                pixels[i * SIDE * SIDE + p] = (byte) Math.round(ink[p] * 255);
            }
            labels[i] = (byte) entries.get(i).label();
        }
        return new Dataset("my digits", entries.size(), SIDE, SIDE, pixels, labels);
    }

    /**
     * Adds every digit of the folder {@code source} (in this format) to this one, under the same names where
     * they are free here, else under new ones. Every
     * file is checked first (list, sizes, pictures, labels): anything wrong is refused naming the file, and
     * nothing is imported; a failure while writing removes what this import wrote.
     *
     * @return the entries added, in the source's order
     */
    public synchronized List<Entry> importFrom(Path source) throws IOException {
        if (Files.exists(folder) && Files.isSameFile(source, folder)) {
            throw new MyDigitsException(source + ": is the folder of your digits itself; nothing to import");
        }
        if (!Files.isDirectory(source)) {
            throw new MyDigitsException(source + ": is not a folder");
        }
        if (!Files.exists(source.resolve(LABELS))) {
            throw new MyDigitsException(source + ": has no " + LABELS + "; nothing imported");
        }
        List<Entry> incoming = readLabels(source);
        List<InkImage[]> pictures = new ArrayList<>();
        for (Entry e : incoming) {
            pictures.add(new InkImage[] {readPng(source.resolve(e.strokesFile()), STROKES_SIDE),
                readPng(source.resolve(e.pixelsFile()), SIDE)});
        }
        List<Entry> entries = new ArrayList<>(readLabels(folder));
        Files.createDirectories(folder);
        List<Entry> added = new ArrayList<>();
        try {
            for (int i = 0; i < incoming.size(); i++) {
                Entry e = incoming.get(i);
                Instant when = e.added() == null ? Instant.now() : e.added();
                Entry kept = writeUnder(e, pictures.get(i)[0], pictures.get(i)[1], when);
                added.add(kept != null ? kept : writePair(pictures.get(i)[0], pictures.get(i)[1], e.label(), when));
            }
            entries.addAll(added);
            writeLabels(folder, entries);
        } catch (IOException | RuntimeException failed) {
            for (Entry e : added) {
                removePictures(e, failed);
            }
            throw failed;
        }
        return List.copyOf(added);
    }

    /**
     * Copies every digit (both pictures, same names) and the list to {@code target}, created if missing.
     * Refused before anything is written when any of those files exists there already; a failure while
     * writing removes what this export wrote.
     */
    public synchronized void exportTo(Path target) throws IOException {
        List<Entry> entries = readLabels(folder);
        Files.createDirectories(target);
        List<String> names = new ArrayList<>();
        for (Entry e : entries) {
            names.add(e.strokesFile());
            names.add(e.pixelsFile());
        }
        names.add(LABELS);
        for (String name : names) {
            if (Files.exists(target.resolve(name))) {
                throw new MyDigitsException(target.resolve(name) + ": exists already; export to an empty folder");
            }
        }
        List<Path> written = new ArrayList<>();
        try {
            for (String name : names.subList(0, names.size() - 1)) {
                byte[] bytes = readBytes(folder.resolve(name));
                Path to = target.resolve(name);
                AtomicFile.write(to, AtomicFile.Replace.NEVER, out -> out.write(bytes));
                written.add(to);
            }
            writeLabels(target, entries);
        } catch (IOException | RuntimeException failed) {
            for (Path p : written) {
                deleteQuietly(p, failed);
            }
            throw failed;
        }
    }

    /**
     * Writes the two pictures under the names {@code e} gives them, when both are free here; null (and
     * nothing written) when either is taken.
     */
    private Entry writeUnder(Entry e, InkImage strokes, InkImage pixels, Instant added) throws IOException {
        Path s = folder.resolve(e.strokesFile()), p = folder.resolve(e.pixelsFile());
        if (Files.exists(s) || Files.exists(p)) {
            return null;
        }
        byte[] strokesPng = ImageFiles.encodePng(strokes), pixelsPng = ImageFiles.encodePng(pixels);
        try {
            AtomicFile.write(s, AtomicFile.Replace.NEVER, out -> out.write(strokesPng));
        } catch (AtomicFile.RefusedException taken) {
            return null; // taken a moment ago
        }
        try {
            AtomicFile.write(p, AtomicFile.Replace.NEVER, out -> out.write(pixelsPng));
        } catch (IOException | RuntimeException failed) {
            deleteQuietly(s, failed);
            if (failed instanceof AtomicFile.RefusedException) {
                return null;
            }
            throw failed;
        }
        return new Entry(e.strokesFile(), e.pixelsFile(), e.label(), added);
    }

    /** Writes the two pictures under a new name: {@code STEM.strokes.png} claimed first, then {@code STEM.28.png}. */
    private Entry writePair(InkImage strokes, InkImage pixels, int label, Instant added) throws IOException {
        byte[] strokesPng = ImageFiles.encodePng(strokes), pixelsPng = ImageFiles.encodePng(pixels);
        Path s = AtomicFile.writeNew(folder, "digit-" + STEM_TIME.format(added), STROKES_SUFFIX, out -> out.write(strokesPng));
        String name = s.getFileName().toString();
        String pixelsName = name.substring(0, name.length() - STROKES_SUFFIX.length()) + PIXELS_SUFFIX;
        try {
            AtomicFile.write(folder.resolve(pixelsName), AtomicFile.Replace.NEVER, out -> out.write(pixelsPng));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(s, e);
            throw e;
        }
        return new Entry(name, pixelsName, label, added);
    }

    private void removePictures(Entry e, Throwable addTo) {
        deleteQuietly(folder.resolve(e.strokesFile()), addTo);
        deleteQuietly(folder.resolve(e.pixelsFile()), addTo);
    }

    private static void deleteQuietly(Path p, Throwable addTo) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            addTo.addSuppressed(e);
        }
    }

    private int indexOf(List<Entry> entries, Entry entry) throws MyDigitsException {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).strokesFile().equals(entry.strokesFile())) {
                return i;
            }
        }
        throw new MyDigitsException(folder.resolve(LABELS) + ": does not list " + entry.strokesFile() + " any more");
    }

    private static void checkLabel(int label) throws MyDigitsException {
        if (label < 0 || label > 9) {
            throw new MyDigitsException("a digit's label is 0 to 9, not " + label);
        }
    }

    /** The entries {@code from}'s list holds; empty when there is no list. */
    static List<Entry> readLabels(Path from) throws IOException {
        Path file = from.resolve(LABELS);
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = new String(readBytes(file), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark, as some spreadsheets write
        }
        String[] lines = text.split("\r?\n", -1);
        if (!lines[0].strip().equals(HEADER)) {
            throw new MyDigitsException(file + " line 1: should be the header '" + HEADER + "', not '" + shorten(lines[0]) + "'");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int n = 1; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + " line " + (n + 1) + ": ";
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new MyDigitsException(where + "has " + f.length + " fields, not 4 (" + HEADER + "): '" + shorten(line) + "'");
            }
            for (int k = 0; k < 2; k++) {
                String name = f[k].strip();
                if (!FILE_NAME.matcher(name).matches()) {
                    throw new MyDigitsException(where + "'" + shorten(name) + "' is not a picture file name of this folder"
                            + " (letters, digits, '.', '_' and '-', ending in .png)");
                }
                if (!names.add(name)) {
                    throw new MyDigitsException(where + name + " is listed twice");
                }
            }
            String label = f[2].strip();
            if (!label.matches("[0-9]")) {
                throw new MyDigitsException(where + "the label '" + shorten(label) + "' is not a digit 0 to 9");
            }
            Instant added = null;
            if (!f[3].isBlank()) {
                try {
                    added = Instant.parse(f[3].strip());
                } catch (DateTimeParseException e) {
                    throw new MyDigitsException(where + "'" + shorten(f[3]) + "' is not a time such as 2026-01-31T12:00:00Z");
                }
            }
            entries.add(new Entry(f[0].strip(), f[1].strip(), label.charAt(0) - '0', added));
        }
        return List.copyOf(entries);
    }

    private static void writeLabels(Path to, List<Entry> entries) throws IOException {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            s.append(e.strokesFile()).append(',').append(e.pixelsFile()).append(',').append(e.label()).append(',')
                    .append(e.added() == null ? "" : e.added().toString()).append('\n');
        }
        byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(to.resolve(LABELS), out -> out.write(bytes));
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static byte[] readBytes(Path file) throws MyDigitsException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MyDigitsException(file + ": is missing", e);
        } catch (IOException e) {
            throw new MyDigitsException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads one of the folder's pictures as ink ({@code ink = 1 − grey/255}, grey being the luminance for a
     * colour picture), refusing anything but a PNG of exactly {@code side}×{@code side} pixels.
     */
    static InkImage readPng(Path file, int side) throws MyDigitsException {
        try {
            if (Files.size(file) > MAX_PNG_BYTES) {
                throw new MyDigitsException(file + ": is " + Files.size(file) + " bytes, too large for a picture of "
                        + side + "×" + side + " pixels");
            }
        } catch (NoSuchFileException e) {
            throw new MyDigitsException(file + ": is missing", e);
        } catch (IOException e) {
            throw new MyDigitsException(file + ": cannot be read: " + e.getMessage(), e);
        }
        byte[] bytes = readBytes(file);
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (i >= bytes.length || bytes[i] != PNG_SIGNATURE[i]) {
                throw new MyDigitsException(file + ": is not a PNG picture");
            }
        }
        BufferedImage image;
        // a memory cache: ImageIO's default would put a cache file in the temp folder
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MyDigitsException(file + ": is not a readable PNG");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w != side || h != side) {
                    throw new MyDigitsException(file + ": is " + w + "×" + h + " pixels; it should be " + side + "×" + side);
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (MyDigitsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MyDigitsException(file + ": is not a readable PNG (" + e.getMessage() + ")", e);
        }
        float[] ink = new float[side * side];
        Raster raster = image.getRaster();
        boolean grey = raster.getNumBands() == 1 && image.getColorModel().getPixelSize() == 8;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int level;
                if (grey) {
                    level = raster.getSample(x, y, 0);
                } else {
                    int rgb = image.getRGB(x, y);
                    level = (int) Math.round(0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF));
                }
                ink[y * side + x] = 1 - level / 255f;
            }
        }
        return new InkImage(ink, side, side);
    }
}
