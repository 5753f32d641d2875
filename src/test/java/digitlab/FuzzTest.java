package digitlab;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import javax.imageio.ImageIO;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.data.FakeMnist;
import digitlab.data.IdxFiles;
import digitlab.data.MnistFormatException;
import digitlab.engine.Tensor;
import digitlab.expr.Expression;
import digitlab.expr.ExpressionException;
import digitlab.image.ImageFiles;
import digitlab.image.ImageReadException;
import digitlab.model.Model;
import digitlab.model.ModelException;
import digitlab.model.ModelFile;
import digitlab.model.Provenance;
import digitlab.nn.Parameters;

/**
 * Mutation fuzzing of every reader of outside input: idx files, model files, pictures and formulas.
 * Each case must end either in a result or in the reader's documented exception, with a message, within
 * a second, allocating no more than the input could justify. Seeded, so a failure repeats; the input of
 * a failing case is written to target/fuzz-failures. Counts are printed.
 */
@Tag("slow")
class FuzzTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    /** What happened to one input. */
    private record Outcome(boolean accepted, long allocated, long nanos) {
    }

    private interface Reader {
        void read(byte[] input, Path file) throws Exception;
    }

    /** Runs {@code cases} mutated inputs through {@code reader}; {@code documented} is the only exception allowed. */
    private void fuzz(String what, int cases, long seed, List<byte[]> seeds, Function<Random, Mutator> mutators,
            Class<? extends Exception> documented, Reader reader, Function<byte[], Long> allocationLimit) throws Exception {
        Random random = new Random(seed);
        Path file = dir.resolve("input");
        int accepted = 0, refused = 0;
        long worstNanos = 0, worstAllocated = 0;
        for (int c = 0; c < cases; c++) {
            byte[] input = mutators.apply(random).mutate(seeds.get(random.nextInt(seeds.size())), random);
            Files.write(file, input);
            long before = THREADS.getCurrentThreadAllocatedBytes(), start = System.nanoTime();
            Throwable thrown = null;
            try {
                reader.read(input, file);
            } catch (Throwable t) {
                thrown = t;
            }
            long nanos = System.nanoTime() - start, allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            worstNanos = Math.max(worstNanos, nanos);
            worstAllocated = Math.max(worstAllocated, allocated);
            String problem = null;
            if (thrown != null && !documented.isInstance(thrown)) {
                problem = "threw " + thrown + " instead of " + documented.getSimpleName();
            } else if (thrown != null && (thrown.getMessage() == null || thrown.getMessage().isBlank())) {
                problem = "threw " + documented.getSimpleName() + " without a message";
            } else if (allocated > allocationLimit.apply(input)) {
                problem = "allocated " + allocated + " bytes for an input of " + input.length;
            } else if (nanos > 2_000_000_000L) {
                problem = "took " + nanos / 1_000_000 + " ms";
            }
            if (problem != null) {
                Path saved = Path.of("target", "fuzz-failures", what + "-" + seed + "-" + c);
                Files.createDirectories(saved.getParent());
                Files.write(saved, input);
                AssertionError e = new AssertionError(what + " case " + c + " (seed " + seed + ", input in " + saved + "): " + problem);
                if (thrown != null) {
                    e.initCause(thrown);
                }
                throw e;
            }
            if (thrown == null) {
                accepted++;
            } else {
                refused++;
            }
        }
        System.out.printf("fuzz %s: %,d cases (%,d read, %,d refused with %s), slowest %.1f ms, most allocated %,d bytes%n",
                what, cases, accepted, refused, documented.getSimpleName(), worstNanos / 1e6, worstAllocated);
        assertTrue(refused > cases / 10, what + ": the mutations should break most inputs, " + refused + " refused");
    }

    // ---------------------------------------------------------------- mutations

    private interface Mutator {
        byte[] mutate(byte[] seed, Random r);
    }

    /** A few random edits of the kinds that break parsers: flips, extreme bytes, big ints, cuts, splices. */
    private static Mutator bytes(byte[]... dictionary) {
        return (seed, r) -> {
            byte[] b = seed.clone();
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits; e++) {
                if (b.length == 0) {
                    b = new byte[] {(byte) r.nextInt(256)};
                }
                int at = r.nextInt(b.length);
                switch (r.nextInt(8)) {
                    case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                    case 1 -> b[at] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, 1}[r.nextInt(5)];
                    case 2 -> { // a 4-byte big-endian integer: a header field
                        int v = new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 16, 65_535, r.nextInt()}[r.nextInt(7)];
                        for (int k = 0; k < 4 && at + k < b.length; k++) {
                            b[at + k] = (byte) (v >>> (24 - 8 * k));
                        }
                    }
                    case 3 -> b = Arrays.copyOf(b, at); // cut
                    case 4 -> { // extend
                        byte[] more = new byte[1 + r.nextInt(64)];
                        r.nextBytes(more);
                        byte[] n = Arrays.copyOf(b, b.length + more.length);
                        System.arraycopy(more, 0, n, b.length, more.length);
                        b = n;
                    }
                    case 5 -> { // duplicate a chunk
                        int len = Math.min(b.length - at, 1 + r.nextInt(32));
                        byte[] n = new byte[b.length + len];
                        System.arraycopy(b, 0, n, 0, at + len);
                        System.arraycopy(b, at, n, at + len, b.length - at);
                        b = n;
                    }
                    case 6 -> { // delete a chunk
                        int len = Math.min(b.length - at, 1 + r.nextInt(16));
                        byte[] n = new byte[b.length - len];
                        System.arraycopy(b, 0, n, 0, at);
                        System.arraycopy(b, at + len, n, at, b.length - at - len);
                        b = n;
                    }
                    default -> { // insert a token
                        byte[] token = dictionary.length == 0 ? new byte[] {(byte) r.nextInt(256)} : dictionary[r.nextInt(dictionary.length)];
                        byte[] n = new byte[b.length + token.length];
                        System.arraycopy(b, 0, n, 0, at);
                        System.arraycopy(token, 0, n, at, token.length);
                        System.arraycopy(b, at, n, at + token.length, b.length - at);
                        b = n;
                    }
                }
            }
            return b;
        };
    }

    private static byte[][] tokens(String... words) {
        byte[][] t = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            t[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return t;
    }

    // ---------------------------------------------------------------- the readers

    @Test
    void idxFilesRawAndGzippedEndReadOrRefusedAsMnistFormatException() throws Exception {
        List<byte[]> seeds = List.of(FakeMnist.images(5, 4, 3, 1), FakeMnist.labels(7, 2),
                FakeMnist.gzip(FakeMnist.images(6, 5, 4, 2)), FakeMnist.gzip(FakeMnist.labels(9, 1)),
                FakeMnist.images(2, 28, 28, 3));
        fuzz("idx", 24_000, 1, seeds, r -> bytes(), MnistFormatException.class, (input, file) -> {
            if (input.length > 3 && (input[3] == 1 || input[3] == 3) && input[0] == 0) {
                // a magic that looks right: read as what it claims to be
                if (input[3] == 3) {
                    IdxFiles.readImages(file);
                } else {
                    IdxFiles.readLabels(file);
                }
            } else if (input.length % 2 == 0) {
                IdxFiles.readImages(file);
            } else {
                IdxFiles.readLabels(file);
            }
        }, input -> 64L * input.length * (isGzip(input) ? 1032 : 1) + 2_000_000);
    }

    private static boolean isGzip(byte[] b) {
        return b.length > 1 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b;
    }

    @Test
    void modelFilesEndReadOrRefusedAsModelException() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (int[] layers : new int[][] {{4, 3, 2}, {6, 5}, {3, 2, 2, 2}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelFile.write(new Model("m", Parameters.initial(layers, 1),
                    new Provenance("sgd", 0.1f, 0.9f, "cosine", 3, 8, 1L, true, 0.9, "2026-01-01T00:00:00Z", 100, "0", null, null)), out);
            seeds.add(out.toByteArray());
        }
        byte[][] dictionary = tokens("1e999", "-1", "0", "2147483648", "100000", "65536", "NaN", "null", "true", "\"",
                "[", "]", "{", "}", ",", ":", "\"rows\":", "\"cols\":", "\"data\":[]", "\"layers\":[65536,65536]",
                "[[[[[[[[[[[[[[[[[[[[", "1.5", "\\u0000", "\"format\":\"digitlab-mlp\"");
        fuzz("model", 12_000, 2, seeds, r -> bytes(dictionary), ModelException.class,
                (input, file) -> ModelFile.read(new ByteArrayInputStream(input), "fuzz.json", "fuzz"),
                input -> 200L * input.length + 4_000_000);
    }

    @Test
    void picturesEndReadOrRefusedAsImageReadException() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String format : new String[] {"png", "jpg"}) {
            for (int type : new int[] {java.awt.image.BufferedImage.TYPE_BYTE_GRAY, java.awt.image.BufferedImage.TYPE_INT_RGB}) {
                java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(28, 20, type);
                java.awt.Graphics2D g = image.createGraphics();
                g.setColor(java.awt.Color.WHITE);
                g.fillRect(0, 0, 28, 20);
                g.setColor(java.awt.Color.BLACK);
                g.fillOval(8, 3, 12, 14);
                g.dispose();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(image, format, out);
                seeds.add(out.toByteArray());
            }
        }
        java.awt.image.BufferedImage argb = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(argb, "png", out);
        seeds.add(out.toByteArray());
        fuzz("picture", 12_000, 3, seeds, r -> bytes(), ImageReadException.class,
                (input, file) -> ImageFiles.read(file),
                // what a file of this size can honestly decode to, at 8 bytes a pixel, and the decoders' own tables
                input -> 8L * ImageFiles.maxPixels(input.length) + 16_000_000);
    }

    @Test
    void formulasEndParsedOrRefusedAsExpressionExceptionAndParsedOnesEvaluate() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String s : new String[] {"3*x*x*x + 4*x + 1 + x*z", "x*(z+a)", "sin(2*x^3 + 4*x^2 + 3*x + 2)",
                "-x^2/(1+exp(-y))", "sqrt(abs(x)) - log(1e-3 + x*x) + tanh(sigmoid(relu(z)))", "x"}) {
            seeds.add(s.getBytes(StandardCharsets.UTF_8));
        }
        byte[][] dictionary = tokens("(", ")", "^", "*", "/", "-", "+", "sin(", "exp(", "log(", "1e39", "0", "x",
                "((((((((((((((((((((((((((((((((", ")))))))))", "--", "^^", ".", "1.", "é", "\t", "  ", "relu", "1e-50");
        fuzz("formula", 40_000, 4, seeds, r -> bytes(dictionary), ExpressionException.class, (input, file) -> {
            Expression e = Expression.parse(new String(input, StandardCharsets.UTF_8));
            Random values = new Random(input.length);
            for (Map.Entry<String, Tensor> v : e.variables().entrySet()) {
                e.set(v.getKey(), (float) (values.nextGaussian() * 3));
            }
            FMatrixRMaj y = e.output().value();
            e.output().backward();
            if (y.getNumElements() != 1) {
                fail("a formula's value is one number");
            }
        }, input -> 50_000L * input.length + 2_000_000);
    }

    /** Deep nesting is refused by name, not by a stack overflow. */
    @Test
    void formulasNestedThousandsDeepAreRefusedWithAMessage() {
        String deep = "(".repeat(100_000) + "x" + ")".repeat(100_000);
        ExpressionException e = org.junit.jupiter.api.Assertions.assertThrows(ExpressionException.class, () -> Expression.parse(deep));
        assertTrue(e.getMessage().contains("more than 500 nested parentheses"), e.getMessage());
        byte[] json = ("{\"format\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8);
        ModelException m = org.junit.jupiter.api.Assertions.assertThrows(ModelException.class,
                () -> ModelFile.read(new ByteArrayInputStream(json), "deep.json", "deep"));
        assertTrue(m.getMessage().startsWith("deep.json: "), m.getMessage());
    }

    /** A small picture whose header claims millions of pixels is refused before they are decoded. */
    @Test
    void aTinyPictureClaimingMillionsOfPixelsIsRefusedBeforeDecoding() throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(4000, 4000, java.awt.image.BufferedImage.TYPE_BYTE_BINARY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out); // 16 million pixels of one colour: a few KB
        byte[] png = out.toByteArray();
        Path file = dir.resolve("claims.png");
        // IHDR's width and height (bytes 16..23) say 6000 × 6000: 36 million pixels in a few KB
        byte[] claim = png.clone();
        for (int k = 0; k < 4; k++) {
            claim[16 + k] = (byte) (6000 >>> (24 - 8 * k));
            claim[20 + k] = (byte) (6000 >>> (24 - 8 * k));
        }
        Files.write(file, claim);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        ImageReadException e = org.junit.jupiter.api.Assertions.assertThrows(ImageReadException.class, () -> ImageFiles.read(file));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().contains("6000×6000"), e.getMessage());
        assertTrue(allocated < 8_000_000, "refused before decoding: allocated " + allocated);
    }
}
