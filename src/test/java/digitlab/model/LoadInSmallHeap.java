package digitlab.model;

import java.nio.file.Path;

/** Run in a JVM of its own with a small heap by {@code ModelFileTest}: loads a model file, prints the outcome. */
final class LoadInSmallHeap {
    private LoadInSmallHeap() {
    }

    public static void main(String[] args) {
        try {
            System.out.println("loaded " + ModelFile.load(Path.of(args[0])).parameters().count() + " numbers");
        } catch (ModelException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
