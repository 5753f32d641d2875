package digitlab.image;

import java.nio.file.Path;

/**
 * Run in a JVM of its own with a small heap by {@code ImageFilesTest}: reads the picture named by the
 * first argument and prints the refusal's message. With a second argument "believe-any-heap" the check
 * of the picture's size against the heap is told the heap is unlimited, so the decoder really runs out
 * of memory.
 */
final class DecodeInSmallHeap {
    private DecodeInSmallHeap() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long heap = args.length > 1 && args[1].equals("believe-any-heap") ? Long.MAX_VALUE : Runtime.getRuntime().maxMemory();
        try {
            InkImage ink = ImageFiles.read(file, heap);
            System.out.println("read " + ink);
        } catch (ImageReadException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
