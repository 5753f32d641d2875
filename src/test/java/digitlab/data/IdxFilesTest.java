package digitlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.dataset.Dataset;

@Tag("slow")
class IdxFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void readsRawImagesAndLabelsIntoADataset() throws IOException {
        byte[] images = FakeMnist.images(3, 2, 4, 5);
        Path im = write("images", images);
        Path lb = write("labels", FakeMnist.labels(3, 8));

        Dataset d = IdxFiles.read("train", im, lb);

        assertEquals("train", d.name());
        assertEquals(3, d.count());
        assertEquals(2, d.rows());
        assertEquals(4, d.cols());
        assertArrayEquals(Arrays.copyOfRange(images, 16, images.length), d.pixels());
        assertArrayEquals(new byte[] {8, 9, 0}, d.labels());
        assertEquals(images[16 + 8 + 3] & 0xFF, d.pixel(1, 3));
    }

    @Test
    void readsGzippedFilesWhateverTheirName() throws IOException {
        byte[] images = FakeMnist.images(4, 3, 3, 9);
        Path named = write("images.gz", FakeMnist.gzip(images));
        Path unnamed = write("images-without-suffix", FakeMnist.gzip(images));
        Path labels = write("labels.gz", FakeMnist.gzip(FakeMnist.labels(4, 0)));

        assertTrue(IdxFiles.isGzip(unnamed));
        assertFalse(IdxFiles.isGzip(write("raw", images)));
        Dataset a = IdxFiles.read("a", named, labels);
        Dataset b = IdxFiles.read("b", unnamed, labels);

        assertArrayEquals(Arrays.copyOfRange(images, 16, images.length), a.pixels());
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(new byte[] {0, 1, 2, 3}, a.labels());
    }

    @Test
    void aLabelsFileIsNotAnImagesFile() throws IOException {
        Path labels = write("t10k-labels-idx1-ubyte", FakeMnist.labels(3, 0));

        MnistFormatException e = assertThrows(MnistFormatException.class, () -> IdxFiles.readImages(labels));

        assertTrue(e.getMessage().startsWith(labels.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801 (an idx labels file)"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000803"), e.getMessage());
    }

    @Test
    void aWrongMagicNumberIsRefusedInGzippedFilesToo() throws IOException {
        byte[] data = FakeMnist.labels(3, 0);
        data[3] = 0x0d;
        Path file = write("labels.gz", FakeMnist.gzip(data));

        MnistFormatException e = assertThrows(MnistFormatException.class, () -> IdxFiles.readLabels(file));

        assertEquals(file.toString(), e.file());
        assertTrue(e.getMessage().contains("starts with 0x0000080d, not the idx labels magic number 0x00000801"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsMeasuredAgainstItsHeader() throws IOException {
        byte[] images = FakeMnist.images(3, 2, 4, 0);
        Path file = write("t10k-images-idx3-ubyte", Arrays.copyOf(images, images.length - 5));

        MnistFormatException e = assertThrows(MnistFormatException.class, () -> IdxFiles.readImages(file));

        assertEquals(file + ": header says 3 images of 2×4 = 40 bytes but the file has 35 bytes", e.getMessage());
    }

    @Test
    void aTruncatedGzippedFileEndsTooEarly() throws IOException {
        byte[] images = FakeMnist.images(3, 2, 4, 0);
        Path file = write("images.gz", FakeMnist.gzip(Arrays.copyOf(images, images.length - 5)));

        MnistFormatException e = assertThrows(MnistFormatException.class, () -> IdxFiles.readImages(file));

        assertEquals(file + ": header says 3 images of 2×4 = 40 bytes but the unpacked data ends after 35 bytes", e.getMessage());
    }

    @Test
    void aFileShorterThanItsHeaderIsRefused() throws IOException {
        Path file = write("images", Arrays.copyOf(FakeMnist.images(1, 1, 1, 0), 10));

        MnistFormatException e = assertThrows(MnistFormatException.class, () -> IdxFiles.readImages(file));

        assertTrue(e.getMessage().startsWith(file + ": the file ends inside the 16-byte header"), e.getMessage());
    }

    @Test
    void extraBytesAfterTheDataAreRefusedRawAndGzipped() throws IOException {
        byte[] labels = concat(FakeMnist.labels(4, 0), new byte[] {1, 2});
        Path raw = write("labels", labels);
        Path gz = write("labels.gz", FakeMnist.gzip(labels));

        MnistFormatException r = assertThrows(MnistFormatException.class, () -> IdxFiles.readLabels(raw));
        MnistFormatException g = assertThrows(MnistFormatException.class, () -> IdxFiles.readLabels(gz));

        assertEquals(raw + ": header says 4 labels = 12 bytes but the file has 14 bytes", r.getMessage());
        assertEquals(gz + ": header says 4 labels = 12 bytes but the unpacked data goes on past that", g.getMessage());
    }

    @Test
    void aHeaderClaimingTwoToThe31ImagesIsRefusedWithoutAllocating() throws IOException {
        // 2^31 does not fit an int: the count is read unsigned, as the format means it
        byte[] lie = concat(FakeMnist.header(IdxFiles.IMAGES_MAGIC, Integer.MIN_VALUE, 28, 28), new byte[1000]);
        Path raw = write("train-images-idx3-ubyte", lie);
        Path gz = write("train-images-idx3-ubyte.gz", FakeMnist.gzip(lie));
        // 600 000 images of 28×28 fit an array (470 MB) but the gz holds 1 KB of them
        byte[] smallerLie = concat(FakeMnist.header(IdxFiles.IMAGES_MAGIC, 600_000, 28, 28), new byte[1000]);
        Path gz2 = write("big.gz", FakeMnist.gzip(smallerLie));

        long allocated = allocatedBytes(() -> {
            MnistFormatException r = assertThrows(MnistFormatException.class, () -> IdxFiles.readImages(raw));
            MnistFormatException g = assertThrows(MnistFormatException.class, () -> IdxFiles.readImages(gz));
            MnistFormatException g2 = assertThrows(MnistFormatException.class, () -> IdxFiles.readImages(gz2));
            assertEquals(raw + ": header says 2147483648 images of 28×28 = 1683627180048 bytes but the file has 1016 bytes", r.getMessage());
            assertTrue(g.getMessage().startsWith(gz + ": header says 2147483648 images of 28×28 = 1683627180048 bytes, more than one array can hold"), g.getMessage());
            assertEquals(gz2 + ": header says 600000 images of 28×28 = 470400016 bytes but the unpacked data ends after 1016 bytes", g2.getMessage());
        });

        assertTrue(allocated < 16_000_000, "allocated " + allocated + " bytes to refuse a lie");
    }

    /** Bytes this thread allocates while running {@code body}, which must take less than a second. */
    private static long allocatedBytes(Runnable body) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        body.run();
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed < 1_000_000_000L, "took " + elapsed / 1_000_000 + " ms");
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    @Test
    void zeroRowsOrImagesAreRefused() throws IOException {
        Path noRows = write("no-rows", FakeMnist.header(IdxFiles.IMAGES_MAGIC, 1, 0, 28));
        Path noImages = write("no-images", FakeMnist.header(IdxFiles.IMAGES_MAGIC, 0, 28, 28));

        assertEquals(noRows + ": header says 0 rows; there must be at least 1",
                assertThrows(MnistFormatException.class, () -> IdxFiles.readImages(noRows)).getMessage());
        assertEquals(noImages + ": header says 0 images; there must be at least 1",
                assertThrows(MnistFormatException.class, () -> IdxFiles.readImages(noImages)).getMessage());
    }

    @Test
    void aLabelThatIsNotADigitIsNamedByItsIndex() throws IOException {
        byte[] labels = FakeMnist.labels(6, 0);
        labels[8 + 4] = 12;
        Path file = write("train-labels-idx1-ubyte", labels);

        MnistFormatException e = assertThrows(MnistFormatException.class, () -> IdxFiles.readLabels(file));

        assertEquals(file + ": label 12 at index 4 (byte 12) is not a digit 0..9", e.getMessage());
    }

    @Test
    void imagesAndLabelsMustComeInPairs() throws IOException {
        Path images = write("train-images-idx3-ubyte", FakeMnist.images(5, 2, 2, 0));
        Path labels = write("train-labels-idx1-ubyte", FakeMnist.labels(4, 0));

        MnistFormatException e = assertThrows(MnistFormatException.class, () -> IdxFiles.read("train", images, labels));

        assertEquals(images + ": has 5 images but " + labels + " has 4 labels; they must come in pairs", e.getMessage());
    }

    @Test
    void damagedGzipDataIsAFormatError() throws IOException {
        byte[] gz = FakeMnist.gzip(FakeMnist.images(20, 8, 8, 3));
        Path file = write("images.gz", Arrays.copyOf(gz, gz.length / 2));

        MnistFormatException e = assertThrows(MnistFormatException.class, () -> IdxFiles.readImages(file));

        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("gzip data is damaged or cut short"), e.getMessage());
    }
}
