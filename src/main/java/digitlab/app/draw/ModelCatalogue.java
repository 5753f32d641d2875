package digitlab.app.draw;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import digitlab.app.shared.Shared;
import digitlab.app.widgets.Percent;
import digitlab.model.Model;
import digitlab.model.ModelFile;

/**
 * The models the Draw view can read with: the shipped ones, the files in {@code models/}, one trained here,
 * and files opened; which one reads now; and what the person sees about them. Plain Java, so that the
 * rules (784 inputs and 10 classes, each model listed once, what a failure leaves) are tested without a
 * display.
 *
 * <p>Each model is listed once, named by what it is and where it comes from: "mnist-mlp (shipped)", "a
 * (file in models)", "mlp … (trained here, not saved)". A file that is a shipped model (its copy in
 * {@code models/}, or that copy opened) is that shipped entry; a file opened that is already listed is that
 * entry. Of the shipped models, the one that reads drawn digits best reads first.
 *
 * <p>The view mirrors three values: {@link #entries()} (the list), {@link #choice()} (the entry the list
 * shows, which may be a file still being read) and {@link #selected()} (the entry that reads drawings).
 * It hands the person's pick to {@link #choose}; picking what is already chosen does nothing, so the
 * view may set its list from these values freely.
 */
public final class ModelCatalogue {
    /** The input size and the classes of a model that reads 28×28 digits. */
    public static final int INPUTS = 784, CLASSES = 10;
    private static final String SHIPPED = " (shipped)", TRAINED = " (trained here, not saved)";

    /** A model the person can choose: loaded ({@code model} set), or a file read when chosen. */
    public record Entry(String label, Model model, Path file) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** A shipped model and the bytes of its file, by which a copy of it is known. */
    record Shipped(Model model, byte[] bytes) {
    }

    /** Runs slow work off the UI thread and hands back the result or failure on it. */
    public interface Background {
        <T> void run(Callable<T> work, BiConsumer<T, Throwable> done);
    }

    private final Background background;
    private final Consumer<DrawStatus.Line> status;
    private final Callable<List<Shipped>> shipped;
    private final Shared<List<Entry>> entries = new Shared<>(List.of());
    private final Shared<Entry> choice = new Shared<>(null);
    private final Shared<Entry> selected = new Shared<>(null);
    private final Shared<String> info = new Shared<>("loading the shipped model…");
    private Entry trained;
    /** The shipped models' entries, and their files' bytes in the same order. */
    private List<Entry> shippedEntries = List.of();
    private List<byte[]> shippedBytes = List.of();

    /** Reads files through {@code background}; tells the status line through {@code status}. */
    ModelCatalogue(Background background, Consumer<DrawStatus.Line> status) {
        this(background, status, ModelCatalogue::readShipped);
    }

    /** As above, with {@code shipped} in place of reading the shipped models. */
    ModelCatalogue(Background background, Consumer<DrawStatus.Line> status, Callable<List<Shipped>> shipped) {
        this.background = background;
        this.status = status;
        this.shipped = shipped;
    }

    /** The shipped models, read from the application's resources, in {@link ModelFile#bundledNames()}'s order. */
    static List<Shipped> readShipped() throws IOException {
        List<Shipped> all = new ArrayList<>();
        for (String name : ModelFile.bundledNames()) {
            try (InputStream in = ModelFile.class.getResourceAsStream(ModelFile.bundledResource(name))) {
                if (in == null) {
                    throw new IOException("the bundled model " + name + " is missing from this build");
                }
                byte[] bytes = in.readAllBytes();
                all.add(new Shipped(ModelFile.read(new ByteArrayInputStream(bytes), "bundled model " + name, name), bytes));
            }
        }
        if (all.isEmpty()) {
            throw new IOException("no bundled model is in this build");
        }
        return all;
    }

    /**
     * Which shipped model the Draw view starts with: the one that reads drawn digits best (the share of
     * the drawn test set it reads right, in its provenance); one that was not measured comes after those
     * that were, and among equals the first listed.
     */
    static int bestForDrawings(List<Shipped> shipped) {
        int best = 0;
        for (int i = 1; i < shipped.size(); i++) {
            if (drawn(shipped.get(i)) > drawn(shipped.get(best))) {
                best = i;
            }
        }
        return best;
    }

    private static double drawn(Shipped s) {
        Double accuracy = s.model().provenance().drawnAccuracy();
        return accuracy == null ? -1 : accuracy;
    }

    /** The models on offer, in the order listed. */
    public Shared<List<Entry>> entries() {
        return entries;
    }

    /** The entry the list shows: the one reading, or a file the person picked that is being read. */
    public Shared<Entry> choice() {
        return choice;
    }

    /** The entry that reads drawings (null while the shipped model loads, or when there is none). */
    public Shared<Entry> selected() {
        return selected;
    }

    /** The line under the list: which model reads, where it comes from and its test accuracy, or why there is none. */
    public Shared<String> info() {
        return info;
    }

    /** The model that reads drawings, or null. */
    public Model model() {
        return selected.get() == null ? null : selected.get().model();
    }

    /** The file of the model that reads, or null for the shipped one or one trained here and not saved. */
    public Path modelFile() {
        return selected.get() == null ? null : selected.get().file();
    }

    /**
     * Lists the shipped models and the {@code *.json} files in {@code folder} (read when chosen; a copy of a
     * shipped model is not listed again), then reads with the shipped one that reads drawings best
     * ({@link #bestForDrawings}), or with {@code preferred} if that file is readable (else the status line
     * says why, and the shipped one stays).
     */
    public void start(Path folder, Path preferred) {
        background.run(() -> discover(folder), (found, failure) -> {
            List<Entry> list = found.entries();
            List<Entry> all = new ArrayList<>(entries.get()); // one offered or opened meanwhile stays listed
            all.addAll(list);
            entries.set(List.copyOf(all));
            if (!found.shipped().isEmpty()) {
                shippedEntries = list.subList(0, found.shipped().size());
                shippedBytes = found.shipped().stream().map(Shipped::bytes).toList();
                int best = bestForDrawings(found.shipped());
                select(shippedEntries.get(best));
                if (found.shipped().size() > 1) {
                    info.set(describe(shippedEntries.get(best)) + " · the shipped model that reads drawings best");
                }
                if (preferred != null) {
                    open(preferred, refused -> status.accept(DrawStatus.lastModelUnreadable(DrawStatus.reason(refused))));
                }
            } else if (found.problem() != null) {
                info.set("no model: the shipped one could not be read");
                status.accept(DrawStatus.noShippedModel(found.problem()));
            }
        });
    }

    private record Found(List<Entry> entries, List<Shipped> shipped, String problem) {
    }

    private Found discover(Path folder) {
        List<Entry> list = new ArrayList<>();
        List<Shipped> ship = List.of();
        String problem = null;
        try {
            ship = shipped.call();
            for (Shipped s : ship) {
                list.add(new Entry(s.model().name() + SHIPPED, s.model(), null));
            }
        } catch (Exception e) {
            problem = e.getMessage();
        }
        List<byte[]> shipBytes = ship.stream().map(Shipped::bytes).toList();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
                for (Path file : sorted(files)) {
                    if (shippedCopy(file, shipBytes) < 0) {
                        list.add(new Entry(fileLabel(file), null, file));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a folder we cannot list only means fewer choices
            }
        }
        return new Found(List.copyOf(list), ship, problem);
    }

    /** Which of the shipped models' files {@code file} is a copy of, or -1. */
    private static int shippedCopy(Path file, List<byte[]> shipBytes) {
        for (int i = 0; i < shipBytes.size(); i++) {
            if (sameBytes(file, shipBytes.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> sorted(DirectoryStream<Path> files) {
        List<Path> list = new ArrayList<>();
        files.forEach(list::add);
        list.sort(null);
        return list;
    }

    /** "a (file in models)": the model's name, which is its file's, and the folder it is in. */
    static String fileLabel(Path file) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        String where = folder == null || folder.getFileName() == null ? "file" : "file in " + folder.getFileName();
        return ModelFile.nameOf(file) + " (" + where + ")";
    }

    /** Whether {@code file} holds exactly {@code bytes} (unreadable: no). */
    private static boolean sameBytes(Path file, byte[] bytes) {
        try {
            return bytes != null && Files.size(file) == bytes.length && Arrays.equals(Files.readAllBytes(file), bytes);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code a} and {@code b} are one file (through links; either missing: only if equal). */
    private static boolean sameFile(Path a, Path b) {
        try {
            return a.equals(b) || Files.isSameFile(a, b);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The person picked {@code entry} in the list: a loaded model reads at once; a file is read first, and
     * if it cannot be used the status line says why and the list shows the model that reads again.
     */
    public void choose(Entry entry) {
        if (entry == null || entry.equals(choice.get())) {
            return;
        }
        if (entry.model() != null) {
            select(entry);
            return;
        }
        choice.set(entry);
        status.accept(DrawStatus.reading(entry.file()));
        background.run(() -> load(entry.file()), (m, failure) -> {
            if (failure == null) {
                Entry loaded = new Entry(entry.label(), m, entry.file());
                entries.set(replaced(entries.get(), entry, loaded));
                status.accept(DrawStatus.Line.NONE);
                select(loaded);
            } else {
                status.accept(DrawStatus.failed(failure));
                choice.set(selected.get());
            }
        });
    }

    /**
     * Reads with the model in {@code file}; on failure says why and keeps the current model. A file already
     * listed (or a copy of the shipped model) is that entry; another is listed by its name and folder.
     * Completes, after the list is updated, with whether the model now reads.
     */
    public CompletableFuture<Boolean> open(Path file) {
        return open(file, reason -> status.accept(DrawStatus.failed(reason)));
    }

    /** What a file opened turned out to be: an entry listed already, or a model read from it. */
    private record Opened(Entry listed, Model model) {
    }

    /** As {@link #open(Path)}, telling {@code refused} why a file cannot be used. */
    private CompletableFuture<Boolean> open(Path file, Consumer<Throwable> refused) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        status.accept(DrawStatus.reading(file));
        List<Entry> listed = entries.get();
        List<Entry> ship = shippedEntries;
        List<byte[]> shipBytes = shippedBytes;
        background.run(() -> {
            int copy = shippedCopy(file, shipBytes);
            if (copy >= 0) {
                return new Opened(ship.get(copy), null);
            }
            Entry same = listed.stream().filter(e -> e.file() != null && sameFile(e.file(), file)).findFirst().orElse(null);
            return new Opened(same, same != null && same.model() != null ? null : load(file));
        }, (opened, failure) -> {
            if (failure != null) {
                refused.accept(failure);
                done.complete(false);
                return;
            }
            status.accept(DrawStatus.Line.NONE);
            if (opened.model() == null) {
                select(opened.listed());
            } else {
                Entry entry = new Entry(opened.listed() == null ? fileLabel(file) : opened.listed().label(),
                        opened.model(), opened.listed() == null ? file : opened.listed().file());
                entries.set(opened.listed() == null ? added(entries.get(), null, entry)
                        : replaced(entries.get(), opened.listed(), entry));
                select(entry);
            }
            done.complete(true);
        });
        return done;
    }

    /** A model trained here: listed as "trained here, not saved" in place of the one before, and used at once. */
    public void offerTrained(Model model) {
        Entry entry = new Entry(model.name() + TRAINED, model, null);
        entries.set(added(entries.get(), trained, entry));
        trained = entry;
        select(entry);
    }

    /**
     * The Train view saved {@code model} to {@code file}: if those are the weights offered as trained here,
     * that entry is now the file (named by it), and no longer "not saved".
     */
    public void saved(Model model, Path file) {
        if (trained == null || !trained.model().parameters().sameAs(model.parameters())) {
            return;
        }
        Entry now = new Entry(fileLabel(file), trained.model(), file);
        List<Entry> list = new ArrayList<>(replaced(entries.get(), trained, now));
        list.removeIf(e -> e != now && file.equals(e.file())); // the file as it was, listed before it was saved over
        entries.set(List.copyOf(list));
        boolean reading = trained.equals(selected.get());
        trained = null;
        if (reading) {
            select(now);
        }
    }

    /** Reads a model file and checks that it reads 28×28 digits; the exception says why not. */
    static Model load(Path file) throws IOException {
        Model m = ModelFile.load(file);
        int inputs = m.parameters().inputs(), outputs = m.parameters().outputs();
        if (inputs != INPUTS || outputs != CLASSES) {
            throw new IllegalArgumentException(file + ": this model takes " + inputs + " inputs and gives "
                    + outputs + " classes; the Draw view needs 784 inputs (28×28) and 10 digits");
        }
        return m;
    }

    /** What {@code entry} is, where it comes from and how it did on the test images (and on drawn digits, if measured). */
    static String describe(Entry entry) {
        Double accuracy = entry.model().provenance().testAccuracy(), drawn = entry.model().provenance().drawnAccuracy();
        return entry.label() + " · " + (accuracy == null ? "test accuracy unknown"
                : Percent.percent(accuracy) + " of the test digits right")
                + (drawn == null ? "" : ", " + Percent.percent(drawn) + " of drawn digits");
    }

    private void select(Entry entry) {
        choice.set(entry);
        selected.set(entry);
        info.set(describe(entry));
    }
    private static List<Entry> replaced(List<Entry> list, Entry old, Entry now) {
        List<Entry> copy = new ArrayList<>(list);
        int at = copy.indexOf(old);
        if (at >= 0) {
            copy.set(at, now);
        }
        return List.copyOf(copy);
    }

    /** {@code list} without {@code old} (if given) and with {@code now} at the end. */
    private static List<Entry> added(List<Entry> list, Entry old, Entry now) {
        List<Entry> copy = new ArrayList<>(list);
        if (old != null) {
            copy.remove(old);
        }
        copy.add(now);
        return List.copyOf(copy);
    }
}
