package digitlab.image;

import static digitlab.image.DigitDrawings.meanAbsoluteDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.image.DigitDrawings.Digit;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("slow")
class ImageFilesTest {
    private static final Color TRANSPARENT = new Color(0, 0, 0, 0);

    @TempDir
    Path folder;

    /** The seven as the canvas would hand it over: drawn straight into ink, no file, no grey step. */
    private static Prepared referenceSeven() {
        BufferedImage drawn = DigitDrawings.draw(Digit.SEVEN, 280, 280, 40, 30, 200,
                Color.WHITE, Color.BLACK, BufferedImage.TYPE_BYTE_GRAY);
        float[] ink = new float[280 * 280];
        drawn.getRaster().getSamples(0, 0, 280, 280, 0, ink);
        for (int i = 0; i < ink.length; i++) {
            ink[i] /= 255;
        }
        return MnistPreparation.prepare(new InkImage(ink, 280, 280)).orElseThrow();
    }

    private Path save(BufferedImage image, String format, String name) throws IOException {
        Path file = folder.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), "a " + format + " writer for " + name);
        return file;
    }

    private static BufferedImage seven(Color ink, Color paper, int type) {
        return DigitDrawings.draw(Digit.SEVEN, 280, 280, 40, 30, 200, ink, paper, type);
    }

    private static void assertReadsAsTheSeven(Path file) throws IOException {
        Prepared read = MnistPreparation.prepare(ImageFiles.read(file)).orElseThrow();
        double difference = meanAbsoluteDifference(referenceSeven().pixels(), read.pixels());
        assertTrue(difference < 0.05, file.getFileName() + ": mean absolute difference " + difference);
    }

    private ImageReadException assertRefused(Path file, String reason) {
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageFiles.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    @Test
    void aGreyPngIsReadAsTheDigitItShows() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY), "png", "grey.png"));
    }

    @Test
    void aSixteenBitGreyPngIsReadAsTheDigitItShows() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_USHORT_GRAY), "png", "grey16.png"));
    }

    @Test
    void anRgbPngOfDarkBlueInkOnYellowPaperIsReadAsTheDigitItShows() throws IOException {
        BufferedImage image = seven(new Color(20, 30, 140), new Color(255, 250, 190), BufferedImage.TYPE_INT_RGB);
        assertReadsAsTheSeven(save(image, "png", "rgb.png"));
    }

    @Test
    void anIndexedColourPngIsReadAsTheDigitItShows() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_INDEXED), "png", "indexed.png"));
    }

    @Test
    void aBlackDigitOnATransparentBackgroundReadsLikeOneOnWhite() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.BLACK, TRANSPARENT, BufferedImage.TYPE_INT_ARGB), "png", "black-alpha.png"));
    }

    @Test
    void aWhiteDigitOnATransparentBackgroundReadsLikeOneOnBlack() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.WHITE, TRANSPARENT, BufferedImage.TYPE_INT_ARGB), "png", "white-alpha.png"));
    }

    @Test
    void transparentCornersOfAnOpaqueWhitePageCountAsPaper() throws IOException {
        BufferedImage image = seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 30; x++) {
                image.setRGB(x, y, 0);
                image.setRGB(279 - x, 279 - y, 0);
            }
        }
        Path file = save(image, "png", "corners.png");

        Prepared read = MnistPreparation.prepare(ImageFiles.read(file)).orElseThrow();

        assertEquals(referenceSeven().inkBox(), read.inkBox());
    }

    @Test
    void aGreyAndAnRgbJpegAreReadAsTheDigitTheyShow() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY), "jpg", "grey.jpg"));
        assertReadsAsTheSeven(save(seven(new Color(60, 10, 10), new Color(235, 235, 225), BufferedImage.TYPE_INT_RGB),
                "jpeg", "rgb.jpeg"));
    }

    @Test
    void aLargePhotoSizedJpegIsShrunkToTheSameDigit() throws IOException {
        BufferedImage photo = DigitDrawings.draw(Digit.SEVEN, 2000, 1500, 700, 250, 1000 * 200 / 200.0,
                new Color(30, 30, 40), new Color(225, 220, 210), BufferedImage.TYPE_INT_RGB);
        Path file = save(photo, "jpg", "photo.jpg");

        InkImage ink = ImageFiles.read(file);

        assertEquals(2000, ink.width());
        assertEquals(1500, ink.height());
        assertReadsAsTheSeven(file);
    }

    @Test
    void greyLevelsOfAGreyPngAreTheStoredLevelsWithoutAGammaCurve() throws IOException {
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 64, 128, 255});
        Path file = save(image, "png", "levels.png");

        float[] grey = ImageFiles.greyLevels(ImageFiles.decode(file));

        assertEquals(128 / 255f, grey[2], 1e-6f);
        assertEquals(64 / 255f, grey[1], 1e-6f);
    }

    @Test
    void aTextFileNamedPngIsRefusedNamingTheFile() throws IOException {
        Path file = folder.resolve("notes.png");
        Files.writeString(file, "this is not a picture, only some text\n".repeat(20));

        assertRefused(file, "not a picture");
    }

    @Test
    void anEmptyFileIsRefusedNamingTheFile() throws IOException {
        Path file = Files.createFile(folder.resolve("empty.png"));

        assertRefused(file, "empty");
    }

    @Test
    void aMissingFileIsRefusedNamingTheFile() {
        assertRefused(folder.resolve("missing.png"), "no such file");
    }

    @Test
    void aFolderIsRefusedNamingIt() {
        assertRefused(folder, "folder");
    }

    @Test
    void aTruncatedPngIsRefusedNamingTheFile() throws IOException {
        byte[] png = Files.readAllBytes(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY), "png", "whole.png"));
        Path file = folder.resolve("truncated.png");
        Files.write(file, Arrays.copyOf(png, png.length / 2));

        assertRefused(file, "truncated");
    }

    @Test
    void aTruncatedJpegIsRefusedNamingTheFile() throws IOException {
        byte[] jpeg = Files.readAllBytes(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_INT_RGB), "jpg", "whole.jpg"));
        Path file = folder.resolve("truncated.jpg");
        Files.write(file, Arrays.copyOf(jpeg, jpeg.length / 2));

        assertRefused(file, "truncated");
    }

    @Test
    void aPngClaimingTwentyThousandPixelsASideIsRefusedFromItsHeaderAlone() throws IOException {
        Path file = folder.resolve("huge.png");
        Files.write(file, pngHeaderOnly(20_000, 20_000));

        ImageReadException e = assertRefused(file, "too large");
        assertTrue(e.getMessage().contains("20000×20000"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"100000, 100000", "9000, 9000"})
    void aPngHeaderClaimingMoreThanFiftyMillionPixelsIsRefusedBeforeDecoding(int width, int height) throws IOException {
        Path file = folder.resolve("claims.png");
        Files.write(file, pngHeaderOnly(width, height));

        ImageReadException e = assertRefused(file, "too large: " + width + "×" + height + " pixels");
        assertTrue(e.getMessage().contains("50 million in all"), e.getMessage());
    }

    /** A PNG signature, an IHDR chunk (8-bit grey) and IEND: a header with no pixels behind it. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", header.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void aDrawingWrittenAndReadBackKeepsItsInkToTheNearestGreyLevel() throws IOException {
        BufferedImage drawn = seven(Color.WHITE, Color.BLACK, BufferedImage.TYPE_BYTE_GRAY);
        float[] ink = new float[280 * 280];
        drawn.getRaster().getSamples(0, 0, 280, 280, 0, ink);
        for (int i = 0; i < ink.length; i++) {
            ink[i] /= 255;
        }
        Path file = folder.resolve("drawing.png");

        ImageFiles.write(file, new InkImage(ink, 280, 280));
        InkImage read = ImageFiles.read(file);

        for (int i = 0; i < ink.length; i++) {
            // faint edges below the minimum contrast come back as paper; the rest to within a grey level
            float expected = ink[i] < GreyToInk.MIN_CONTRAST - 1 / 255f ? 0 : ink[i];
            if (Math.abs(ink[i] - GreyToInk.MIN_CONTRAST) > 1 / 255f) {
                assertEquals(expected, read.ink()[i], 0.5f / 255 + 1e-6f, "pixel " + i);
            }
        }
        assertTrue(DigitDrawings.sum(read.ink()) > 1000);
    }

    @Test
    void aSavedDrawingIsDarkInkOnWhitePaper() throws IOException {
        float[] ink = new float[3 * 1];
        ink[1] = 1f;
        ink[2] = 0.5f;
        Path file = folder.resolve("three.png");

        ImageFiles.write(file, new InkImage(ink, 3, 1));

        BufferedImage saved = ImageIO.read(file.toFile());
        int[] grey = saved.getRaster().getSamples(0, 0, 3, 1, 0, new int[3]);
        assertEquals(List.of(255, 0, 128), Arrays.stream(grey).boxed().toList());
    }

    @Test
    void savingOverAnExistingFileReplacesItAndLeavesNoTemporaryFileBehind() throws IOException {
        Path file = folder.resolve("digit.png");
        Files.writeString(file, "an older file");
        float[] ink = new float[10 * 10];
        Arrays.fill(ink, 40, 60, 1f);

        ImageFiles.write(file, new InkImage(ink, 10, 10));

        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(file), files.toList());
        }
        assertEquals(20, DigitDrawings.sum(ImageFiles.read(file).ink()), 1e-6);
    }

    @Test
    void savingIntoAMissingFolderFailsAndLeavesNothing() {
        Path file = folder.resolve("no-such-folder").resolve("digit.png");

        assertThrows(IOException.class, () -> ImageFiles.write(file, new InkImage(new float[4], 2, 2)));
        assertTrue(Files.notExists(file.getParent()));
    }

    // ---------------------------------------------------------------- pictures that must not be believed

    /** The seven as shown: 300×280, so that turning it swaps the sides. */
    private static BufferedImage shownSeven() {
        return DigitDrawings.draw(Digit.SEVEN, 300, 280, 40, 30, 200, Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY);
    }

    /**
     * What a camera would store for {@code shown} with EXIF orientation {@code o}: the picture turned
     * back, by Java2D's own transforms (mirror left to right, then quarter turns clockwise).
     */
    private static BufferedImage storedFor(BufferedImage shown, int o) {
        // EXIF: to show the stored picture, 2 mirrors, 3 turns 180°, 4 mirrors top to bottom, 5 transposes,
        // 6 turns 90° clockwise, 7 transverses, 8 turns 90° counter-clockwise; stored = the inverse applied to shown
        boolean mirror = o == 2 || o == 4 || o == 5 || o == 7;
        int quarters = switch (o) { // clockwise quarter turns after the mirror, undoing the orientation
            case 1, 2 -> 0;
            case 3, 4 -> 2;
            case 7, 8 -> 1; // mirror then a quarter clockwise is the transverse, 7
            case 5, 6 -> 3; // mirror then a quarter counter-clockwise is the transpose, 5
            default -> throw new IllegalArgumentException();
        };
        BufferedImage image = shown;
        if (mirror) {
            java.awt.geom.AffineTransform flip = new java.awt.geom.AffineTransform(-1, 0, 0, 1, image.getWidth(), 0);
            image = new java.awt.image.AffineTransformOp(flip, java.awt.image.AffineTransformOp.TYPE_NEAREST_NEIGHBOR)
                    .filter(image, new BufferedImage(image.getWidth(), image.getHeight(), image.getType()));
        }
        for (int q = 0; q < quarters; q++) {
            int w = image.getWidth(), h = image.getHeight();
            java.awt.geom.AffineTransform turn = java.awt.geom.AffineTransform.getQuadrantRotateInstance(1);
            turn.preConcatenate(java.awt.geom.AffineTransform.getTranslateInstance(h, 0));
            image = new java.awt.image.AffineTransformOp(turn, java.awt.image.AffineTransformOp.TYPE_NEAREST_NEIGHBOR)
                    .filter(image, new BufferedImage(h, w, image.getType()));
        }
        return image;
    }

    /** A JPEG of {@code image} with an APP1 Exif segment (after JFIF's APP0) holding IFD0 {@code ifd0}. */
    private static byte[] jpegWithExif(BufferedImage image, byte[] tiff) throws IOException {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "jpg", jpeg));
        byte[] plain = jpeg.toByteArray();
        assertEquals(0xFFE0, ((plain[2] & 0xFF) << 8) | (plain[3] & 0xFF), "JFIF's APP0 follows SOI");
        int afterApp0 = 4 + (((plain[4] & 0xFF) << 8) | (plain[5] & 0xFF));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, afterApp0);
        byte[] exif = ByteBuffer.allocate(6 + tiff.length).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiff).array();
        out.write(0xFF);
        out.write(0xE1);
        out.writeBytes(ByteBuffer.allocate(2).putShort((short) (exif.length + 2)).array());
        out.writeBytes(exif);
        out.write(plain, afterApp0, plain.length - afterApp0);
        return out.toByteArray();
    }

    /** A TIFF header and an IFD0 with one entry: orientation (0x0112), one SHORT. */
    private static byte[] orientationTiff(int orientation, java.nio.ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4).order(order);
        b.put(order == java.nio.ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        b.put(order == java.nio.ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        b.putShort((short) 42).putInt(8);
        b.putShort((short) 1);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0);
        return b.array();
    }

    @ParameterizedTest(name = "orientation {0}, {1}")
    @CsvSource({"1, LITTLE_ENDIAN", "2, BIG_ENDIAN", "3, LITTLE_ENDIAN", "3, BIG_ENDIAN", "4, LITTLE_ENDIAN", "5, BIG_ENDIAN",
            "6, LITTLE_ENDIAN", "6, BIG_ENDIAN", "7, LITTLE_ENDIAN", "8, LITTLE_ENDIAN", "8, BIG_ENDIAN"})
    void aJpegIsTurnedUprightAsItsExifOrientationSays(int orientation, String byteOrder) throws IOException {
        java.nio.ByteOrder order = byteOrder.equals("BIG_ENDIAN") ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN;
        BufferedImage stored = storedFor(shownSeven(), orientation);
        Path file = folder.resolve("turned-" + orientation + ".jpg");
        Files.write(file, jpegWithExif(stored, orientationTiff(orientation, order)));

        InkImage ink = ImageFiles.read(file);

        assertEquals(300, ink.width(), "shown sides");
        assertEquals(280, ink.height(), "shown sides");
        assertReadsAsTheSeven(file);
    }

    @Test
    void aSidewaysStoredSevenWithoutExifIsNotTheSeven() throws IOException {
        // the test above means something: read as stored, the turned seven is not the seven
        Path file = save(storedFor(shownSeven(), 6), "jpg", "sideways.jpg");
        Prepared read = MnistPreparation.prepare(ImageFiles.read(file)).orElseThrow();

        assertTrue(meanAbsoluteDifference(referenceSeven().pixels(), read.pixels()) > 0.1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "a TIFF header of neither byte order, 5858002a00000008",
            "an IFD0 offset past the segment, 49492a00ffffff7f",
            "an IFD0 offset before the header's end, 49492a0002000000",
            "more entries than the segment holds, 49492a0008000000ffff",
            "an orientation of another type, 49492a000800000001001201040001000000060000000000",
            "an orientation out of range, 49492a000800000001001201030001000900000000000000",
            "a cut-off header, 4949",
    })
    void aMalformedExifIsIgnoredAndThePictureReadAsStored(String what, String hex) throws IOException {
        Path file = folder.resolve("odd-exif.jpg");
        Files.write(file, jpegWithExif(shownSeven(), java.util.HexFormat.of().parseHex(hex)));

        assertReadsAsTheSeven(file);
    }

    @Test
    void aJpegCutOffInsideItsExifSegmentIsRefusedWithoutACrash() throws IOException {
        assertEquals(1, ExifOrientation.fromTiff(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 5, 1, 18}, 0));
        byte[] jpeg = jpegWithExif(shownSeven(), orientationTiff(6, java.nio.ByteOrder.BIG_ENDIAN));
        Path file = folder.resolve("cut.jpg");
        Files.write(file, Arrays.copyOf(jpeg, 30)); // inside the Exif segment

        assertRefused(file, "");
    }

    @Test
    void aJpegWhoseScanDataHasExtraneousBytesIsRefusedAsCorrupt() throws IOException {
        byte[] jpeg = Files.readAllBytes(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY), "jpg", "whole.jpg"));
        byte[] corrupt = new byte[jpeg.length + 10];
        System.arraycopy(jpeg, 0, corrupt, 0, jpeg.length - 2);
        Arrays.fill(corrupt, jpeg.length - 2, corrupt.length - 2, (byte) 0x55); // bytes that are no marker, before EOI
        corrupt[corrupt.length - 2] = (byte) 0xFF;
        corrupt[corrupt.length - 1] = (byte) 0xD9;
        Path file = folder.resolve("corrupt.jpg");
        Files.write(file, corrupt);

        ImageReadException e = assertRefused(file, "corrupt JPEG data (Corrupt JPEG data: ");
        assertTrue(e.getMessage().contains("extraneous bytes before marker 0xd9"), e.getMessage());
    }

    @Test
    void aJpegWithAMarkerInTheMiddleOfItsScanIsRefusedAsCorruptNotTruncated() throws IOException {
        byte[] jpeg = Files.readAllBytes(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY), "jpg", "whole.jpg"));
        int scan = 2;
        while (!((jpeg[scan] & 0xFF) == 0xFF && (jpeg[scan + 1] & 0xFF) == 0xDA)) {
            scan++;
        }
        int middle = scan + (jpeg.length - scan) / 2;
        jpeg[middle] = (byte) 0xFF;
        jpeg[middle + 1] = (byte) 0xD3; // a restart marker where none belongs
        Path file = folder.resolve("restart.jpg");
        Files.write(file, jpeg);

        assertRefused(file, "corrupt JPEG data (Corrupt JPEG data: premature end of data segment)");
    }

    /**
     * A real PNG of {@code width×height} 16-bit RGBA pixels, all zero: 8 bytes a pixel once decoded,
     * a few hundred KB on disk.
     */
    private Path bigRgba16Png(String name, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {16, 6, 0, 0, 0}).array());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat,
                new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED), 1 << 16)) {
            byte[] row = new byte[1 + 8 * width]; // filter type 0, then the pixels
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        Path file = folder.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void aPictureTooLargeForTheMemoryAvailableIsRefusedBeforeDecoding() throws IOException {
        Path file = bigRgba16Png("big.png", 2000, 2000); // 32 MB decoded, plus 48 MB of grey levels and ink

        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageFiles.read(file, 64L << 20));

        assertTrue(e.getMessage().contains("too large to decode in the memory available (2000×2000 pixels need about"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("this program may use 64 MB)"), e.getMessage());
    }

    private static String readInSmallHeap(Path file, String... more) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                DecodeInSmallHeap.class.getName(), file.toString()));
        command.addAll(List.of(more));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        return output;
    }

    @Test
    void aHugePictureInASmallHeapIsRefusedNamingTheMemoryNotDamage() throws Exception {
        Path file = bigRgba16Png("huge.png", 4000, 4000); // 128 MB decoded, in a 96 MB heap

        String checked = readInSmallHeap(file);
        String decoded = readInSmallHeap(file, "believe-any-heap"); // the decoder really runs out of memory

        assertTrue(checked.startsWith("refused: " + file + ": too large to decode in the memory available (4000×4000 pixels"),
                checked);
        assertTrue(decoded.startsWith("refused: " + file + ": too large to decode in the memory available"), decoded);
        assertTrue(!decoded.contains("Exception") && !decoded.contains("damaged"), decoded);
    }

    @Test
    void theRealCauseOfAWrappedFailureIsNamed() {
        Exception wrapped = new javax.imageio.IIOException("Caught exception during read: ",
                new ArrayIndexOutOfBoundsException("Index 9 out of bounds for length 4"));

        assertEquals("Caught exception during read: ArrayIndexOutOfBoundsException: Index 9 out of bounds for length 4",
                ImageFiles.causes(wrapped));
    }

    @Test
    void aWhitePictureWithASpeckOfInkIsBlankNotADigit() throws IOException {
        BufferedImage picture = new BufferedImage(280, 280, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 280, 280);
        g.setColor(Color.BLACK);
        g.fillRect(130, 120, 3, 3);
        g.dispose();
        Path file = save(picture, "png", "speck.png");

        assertTrue(MnistPreparation.prepare(ImageFiles.read(file)).isEmpty());
    }
}
