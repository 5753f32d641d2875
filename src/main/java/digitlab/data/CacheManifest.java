package digitlab.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

import digitlab.files.AtomicFile;

/**
 * What DigitLab placed in its own cache folder, kept there as {@value #FILE_NAME}: one line per file
 * with its name, size, SHA-256, modification time and file key (the inode where the file system has
 * one), tab-separated. A file of the cache that no longer verifies is DigitLab's to replace only when
 * this record shows DigitLab wrote it: its bytes are the recorded ones (the expected checksums
 * changed), or it is the very file written then, never touched since (same file key and modification
 * time: damaged on disk). Anything else is someone else's file and is set aside, not deleted.
 *
 * <p>Only the cache has such a record; a folder the user named gets no file DigitLab does not need.
 * A record that cannot be read counts as empty, which errs on the side of keeping files.
 */
final class CacheManifest {
    static final String FILE_NAME = ".digitlab-placed";

    private record Entry(long size, String sha256, long modifiedMillis, String fileKey) {
    }

    private final Path folder;
    private final Map<String, Entry> entries;

    private CacheManifest(Path folder, Map<String, Entry> entries) {
        this.folder = folder;
        this.entries = entries;
    }

    /** The record in {@code folder}; empty when there is none or it cannot be read. */
    static CacheManifest read(Path folder) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(folder.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 5) {
                    try {
                        entries.put(f[0], new Entry(Long.parseLong(f[1]), f[2], Long.parseLong(f[3]), f[4]));
                    } catch (NumberFormatException ignored) {
                        // a damaged line records nothing
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // nothing placed yet
        } catch (IOException e) {
            // unreadable: nothing counts as placed by DigitLab, so nothing gets deleted
        }
        return new CacheManifest(folder, entries);
    }

    /** Whether the file {@code name}, whose bytes hash to {@code sha256}, is one DigitLab placed here (see the class comment). */
    boolean wrote(String name, String sha256, long size) {
        Entry e = entries.get(name);
        if (e == null) {
            return false;
        }
        if (e.sha256.equals(sha256) && e.size == size) {
            return true;
        }
        try {
            Entry now = describe(folder.resolve(name), sha256, size);
            return !e.fileKey.equals("-") && e.fileKey.equals(now.fileKey) && e.modifiedMillis == now.modifiedMillis;
        } catch (IOException ex) {
            return false;
        }
    }

    /** Notes that DigitLab has just placed {@code name} with these contents, and saves the record. */
    void record(String name, String sha256, long size) throws IOException {
        entries.put(name, describe(folder.resolve(name), sha256, size));
        save();
    }

    /** Drops {@code name} from the record (it was removed or set aside), and saves the record. */
    void forget(String name) throws IOException {
        if (entries.remove(name) != null) {
            save();
        }
    }

    private void save() throws IOException {
        StringBuilder s = new StringBuilder();
        entries.forEach((name, e) -> s.append(name).append('\t').append(e.size).append('\t').append(e.sha256).append('\t')
                .append(e.modifiedMillis).append('\t').append(e.fileKey).append('\n'));
        AtomicFile.write(folder.resolve(FILE_NAME), s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Entry describe(Path file, String sha256, long size) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Object key = a.fileKey();
        String text = key == null ? "-" : key.toString().replaceAll("[\t\n]", " ");
        return new Entry(size, sha256, a.lastModifiedTime().toMillis(), text);
    }
}
