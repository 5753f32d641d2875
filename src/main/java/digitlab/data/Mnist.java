package digitlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import digitlab.dataset.Dataset;

/**
 * The MNIST training and test sets, read from a folder holding the four idx files under their
 * original names, each raw or gzipped with {@code .gz} appended. {@link MnistCache#ensure} fills
 * such a folder with verified files.
 */
public record Mnist(Dataset train, Dataset test) {
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four file names, training set first. */
    public static final List<String> FILE_NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    /** The test set's two files: all that evaluating a model needs. */
    public static final List<String> TEST_FILE_NAMES = List.of(TEST_IMAGES, TEST_LABELS);

    public Mnist {
        if (train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new IllegalArgumentException("training images are " + train.rows() + "×" + train.cols()
                    + " but test images are " + test.rows() + "×" + test.cols());
        }
    }

    /**
     * Reads the four files from {@code dir} (a raw file is preferred over its {@code .gz}) into the
     * datasets "train" and "test". Does not check checksums: that is {@link MnistCache}'s job.
     */
    public static Mnist load(Path dir) throws IOException {
        Path[] files = findAll(dir, FILE_NAMES);
        Dataset train = IdxFiles.read("train", files[0], files[1]);
        Dataset test = IdxFiles.read("test", files[2], files[3]);
        try {
            return new Mnist(train, test);
        } catch (IllegalArgumentException e) {
            throw new MnistFormatException(dir, e.getMessage());
        }
    }

    /**
     * Reads only the test set's two files from {@code dir} (as {@link #load} does) into the dataset "test":
     * the training files need not be there, and are not opened.
     */
    public static Dataset loadTest(Path dir) throws IOException {
        Path[] files = findAll(dir, TEST_FILE_NAMES);
        return IdxFiles.read("test", files[0], files[1]);
    }

    /** Each of {@code names} in {@code dir}, raw or gzipped, in that order; names every one missing. */
    private static Path[] findAll(Path dir, List<String> names) throws IOException {
        List<String> missing = new ArrayList<>();
        Path[] files = new Path[names.size()];
        for (int i = 0; i < files.length; i++) {
            files[i] = find(dir, names.get(i));
            if (files[i] == null) {
                missing.add(names.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(dir + " lacks " + String.join(", ", missing)
                    + " (raw or with .gz appended); `digitlab data` fetches and verifies the MNIST files");
        }
        return files;
    }

    private static Path find(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }
}
