package digitlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.dataset.Dataset;

class MnistTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheFourFilesRawOrGzipped() throws IOException {
        Map<String, byte[]> files = FakeMnist.files();
        Files.write(dir.resolve(Mnist.TRAIN_IMAGES), files.get(Mnist.TRAIN_IMAGES));
        Files.write(dir.resolve(Mnist.TRAIN_LABELS + ".gz"), FakeMnist.gzip(files.get(Mnist.TRAIN_LABELS)));
        Files.write(dir.resolve(Mnist.TEST_IMAGES + ".gz"), FakeMnist.gzip(files.get(Mnist.TEST_IMAGES)));
        Files.write(dir.resolve(Mnist.TEST_LABELS), files.get(Mnist.TEST_LABELS));

        Mnist mnist = Mnist.load(dir);

        assertEquals("train", mnist.train().name());
        assertEquals(5, mnist.train().count());
        assertEquals(3, mnist.test().count());
        assertEquals(4, mnist.test().rows());
        assertEquals(3, mnist.test().cols());
        byte[] testImages = files.get(Mnist.TEST_IMAGES);
        assertArrayEquals(Arrays.copyOfRange(testImages, 16, testImages.length), mnist.test().pixels());
        assertArrayEquals(new byte[] {7, 8, 9}, mnist.test().labels());
    }

    @Test
    void theTestSetAloneLoadsFromAFolderWithoutTheTrainingFiles() throws IOException {
        Map<String, byte[]> files = FakeMnist.files();
        Files.write(dir.resolve(Mnist.TEST_IMAGES + ".gz"), FakeMnist.gzip(files.get(Mnist.TEST_IMAGES)));
        Files.write(dir.resolve(Mnist.TEST_LABELS), files.get(Mnist.TEST_LABELS));

        Dataset test = Mnist.loadTest(dir);

        assertEquals("test", test.name());
        byte[] testImages = files.get(Mnist.TEST_IMAGES);
        assertArrayEquals(Arrays.copyOfRange(testImages, 16, testImages.length), test.pixels());
        assertArrayEquals(new byte[] {7, 8, 9}, test.labels());
        Files.delete(dir.resolve(Mnist.TEST_LABELS));
        IOException e = assertThrows(IOException.class, () -> Mnist.loadTest(dir));
        assertTrue(e.getMessage().contains(" lacks " + Mnist.TEST_LABELS + " "), e.getMessage());
    }

    @Test
    void aRawFileIsPreferredOverItsGz() throws IOException {
        Map<String, byte[]> files = FakeMnist.files();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        // a gz that would fail if it were read
        Files.write(dir.resolve(Mnist.TRAIN_LABELS + ".gz"), new byte[] {0x1f, (byte) 0x8b, 1});

        assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, Mnist.load(dir).train().labels());
    }

    @Test
    void missingFilesAreNamedWithTheCommandThatFetchesThem() throws IOException {
        Files.write(dir.resolve(Mnist.TRAIN_IMAGES), FakeMnist.files().get(Mnist.TRAIN_IMAGES));

        IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));

        assertTrue(e.getMessage().contains(Mnist.TRAIN_LABELS + ", " + Mnist.TEST_IMAGES + ", " + Mnist.TEST_LABELS), e.getMessage());
        assertTrue(e.getMessage().contains("digitlab data"), e.getMessage());
    }

    @Test
    void trainingAndTestImagesMustHaveTheSameSize() throws IOException {
        Files.write(dir.resolve(Mnist.TRAIN_IMAGES), FakeMnist.images(2, 4, 4, 0));
        Files.write(dir.resolve(Mnist.TRAIN_LABELS), FakeMnist.labels(2, 0));
        Files.write(dir.resolve(Mnist.TEST_IMAGES), FakeMnist.images(2, 5, 5, 0));
        Files.write(dir.resolve(Mnist.TEST_LABELS), FakeMnist.labels(2, 0));

        MnistFormatException e = assertThrows(MnistFormatException.class, () -> Mnist.load(dir));

        assertTrue(e.getMessage().contains("training images are 4×4 but test images are 5×5"), e.getMessage());
    }
}
