package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.model.Provenance;
import digitlab.nn.Parameters;

/** The Draw view's model catalogue, without a display: the work it hands off runs at once. */
class ModelCatalogueTest {
    private static final Model SHIPPED = model("shipped-one", 784, 10);
    private static final byte[] SHIPPED_FILE = bytesOf(SHIPPED);

    private final List<String> status = new ArrayList<>();

    /** Runs the work at once, on the calling thread, as the UI thread would hear of it. */
    private static final ModelCatalogue.Background AT_ONCE = new ModelCatalogue.Background() {
        @Override
        public <T> void run(Callable<T> work, BiConsumer<T, Throwable> done) {
            T value;
            try {
                value = work.call();
            } catch (Exception e) {
                done.accept(null, e);
                return;
            }
            done.accept(value, null);
        }
    };

    private static byte[] bytesOf(Model model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelFile.write(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<ModelCatalogue.Shipped> shipped() {
        return List.of(new ModelCatalogue.Shipped(SHIPPED, SHIPPED_FILE));
    }

    /** {@code name} made as a folder in {@code dir}. */
    private static Path folder(Path dir, String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    /** A model whose weights follow from its name: a file holds no name, so only the weights tell files apart. */
    private static Model model(String name, int inputs, int outputs) {
        return new Model(name, Parameters.initial(new int[] {inputs, 16, outputs}, name.hashCode()),
                Provenance.unknown());
    }

    private ModelCatalogue started(Path folder, Path preferred) {
        ModelCatalogue catalogue = new ModelCatalogue(AT_ONCE, line -> status.add(line.text()), ModelCatalogueTest::shipped);
        catalogue.start(folder, preferred);
        return catalogue;
    }

    private static Path save(Model model, Path file) throws Exception {
        ModelFile.save(model, file);
        return file;
    }

    private String lastStatus() {
        return status.get(status.size() - 1);
    }

    private static List<String> labels(ModelCatalogue catalogue) {
        return catalogue.entries().get().stream().map(ModelCatalogue.Entry::label).toList();
    }

    @Test
    void itListsTheShippedModelFirstThenTheModelFilesFoundByNameAndFolderAndReadsWithTheShippedOne(@TempDir Path dir)
            throws Exception {
        Path models = folder(dir, "models");
        save(model("b", 784, 10), models.resolve("b.json"));
        save(model("a", 784, 10), models.resolve("a.json"));
        Files.writeString(models.resolve("notes.txt"), "not a model");

        ModelCatalogue catalogue = started(models, null);

        assertEquals(List.of("shipped-one (shipped)", "a (file in models)", "b (file in models)"), labels(catalogue));
        assertSame(SHIPPED, catalogue.model());
        assertNull(catalogue.modelFile(), "the shipped model has no file");
        assertNull(catalogue.entries().get().get(1).model(), "a file found is read only when chosen");
        assertEquals("shipped-one (shipped) · test accuracy unknown", catalogue.info().get());
    }

    @Test
    void theShippedModelsOwnFileInTheModelsFolderIsListedOnceAsTheShippedModel(@TempDir Path dir) throws Exception {
        Path models = folder(dir, "models");
        Files.write(models.resolve("mnist-mlp.json"), SHIPPED_FILE);
        save(model("other", 784, 10), models.resolve("other.json"));

        ModelCatalogue catalogue = started(models, null);

        assertEquals(List.of("shipped-one (shipped)", "other (file in models)"), labels(catalogue));
    }

    @Test
    void openingTheShippedModelsFileOrAFileListedChoosesThatEntryAndAddsNone(@TempDir Path dir) throws Exception {
        Path models = folder(dir, "models");
        Path copy = Files.write(models.resolve("mnist-mlp.json"), SHIPPED_FILE);
        Path a = save(model("a", 784, 10), models.resolve("a.json"));
        ModelCatalogue catalogue = started(models, null);

        assertTrue(catalogue.open(a).get(1, TimeUnit.SECONDS));
        assertEquals("a", catalogue.model().name());
        assertTrue(catalogue.open(copy).get(1, TimeUnit.SECONDS));
        assertSame(SHIPPED, catalogue.model());
        assertTrue(catalogue.open(models.resolve("..").resolve("models").resolve("a.json")).get(1, TimeUnit.SECONDS));

        assertEquals("a", catalogue.model().name());
        assertEquals(List.of("shipped-one (shipped)", "a (file in models)"), labels(catalogue));
    }

    @Test
    void aMissingModelsFolderLeavesOnlyTheShippedModel(@TempDir Path dir) {
        ModelCatalogue catalogue = started(dir.resolve("nothing-here"), null);

        assertEquals(List.of("shipped-one (shipped)"), labels(catalogue));
    }

    /** A shipped model with its own weights and, if not null, its share of drawn digits read right. */
    private static ModelCatalogue.Shipped shippedWith(String name, Double drawn) {
        Provenance p = new Provenance(null, null, null, null, null, null, null, null, 0.99, null, null, null, drawn, null);
        Model m = new Model(name, Parameters.initial(new int[] {784, 16, 10}, name.hashCode()), p);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelFile.write(m, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelCatalogue.Shipped(m, out.toByteArray());
    }

    @Test
    void ofSeveralShippedModelsTheOneThatReadsDrawingsBestReadsFirstAndTheLineSaysWhy(@TempDir Path dir) {
        List<ModelCatalogue.Shipped> ship = List.of(shippedWith("mlp", 0.973), shippedWith("cnn", 0.989));
        ModelCatalogue catalogue = new ModelCatalogue(AT_ONCE, line -> status.add(line.text()), () -> ship);
        catalogue.start(dir, null);

        assertEquals(List.of("mlp (shipped)", "cnn (shipped)"), labels(catalogue));
        assertSame(ship.get(1).model(), catalogue.model());
        assertEquals("cnn (shipped) · 99.0% of the test digits right, 98.9% of drawn digits · the shipped model that reads"
                + " drawings best", catalogue.info().get());
    }

    @Test
    void aShippedModelNeverMeasuredOnDrawingsComesAfterOneThatWasAndAmongEqualsTheFirstListedWins() {
        assertEquals(1, ModelCatalogue.bestForDrawings(List.of(shippedWith("a", null), shippedWith("b", 0.5))));
        assertEquals(0, ModelCatalogue.bestForDrawings(List.of(shippedWith("a", 0.9), shippedWith("b", 0.9))));
        assertEquals(0, ModelCatalogue.bestForDrawings(List.of(shippedWith("a", null), shippedWith("b", null))));
    }

    @Test
    void aCopyOfTheSecondShippedModelInTheModelsFolderIsThatShippedEntry(@TempDir Path dir) throws Exception {
        List<ModelCatalogue.Shipped> ship = List.of(shippedWith("mlp", 0.973), shippedWith("cnn", 0.989));
        Path models = folder(dir, "models");
        Files.write(models.resolve("mnist-cnn.json"), ship.get(1).bytes());
        ModelCatalogue catalogue = new ModelCatalogue(AT_ONCE, line -> status.add(line.text()), () -> ship);
        catalogue.start(models, null);
        catalogue.choose(catalogue.entries().get().get(0));

        assertEquals(List.of("mlp (shipped)", "cnn (shipped)"), labels(catalogue));
        assertTrue(catalogue.open(models.resolve("mnist-cnn.json")).join());
        assertSame(ship.get(1).model(), catalogue.model(), "opening the copy chooses the shipped entry");
        assertEquals(2, catalogue.entries().get().size());
    }

    @Test
    void aShippedModelThatCannotBeReadLeavesNoModelAndSaysWhy(@TempDir Path dir) {
        List<DrawStatus.Line> lines = new ArrayList<>();
        ModelCatalogue catalogue = new ModelCatalogue(AT_ONCE, lines::add, () -> {
            throw new IOException("gone");
        });
        catalogue.start(dir, null);

        assertNull(catalogue.model());
        assertEquals("no model: the shipped one could not be read", catalogue.info().get());
        assertEquals(List.of(new DrawStatus.Line("The shipped model could not be read: gone", DrawStatus.Lasts.UNTIL_REPLACED)),
                lines, "it stays while it is true");
    }

    @Test
    void aModelWith64InputsIsRefusedWithTheReasonAndTheCurrentModelStays(@TempDir Path dir) throws Exception {
        ModelCatalogue catalogue = started(dir, null);
        Path small = save(model("small", 64, 10), dir.resolve("small.json"));

        assertFalse(catalogue.open(small).get(1, TimeUnit.SECONDS));

        assertSame(SHIPPED, catalogue.model());
        assertEquals(small + ": this model takes 64 inputs and gives 10 classes; the Draw view needs 784 inputs "
                + "(28×28) and 10 digits", lastStatus());
        assertEquals(List.of("shipped-one (shipped)"), labels(catalogue), "nothing was added to the list");
    }

    @Test
    void aModelFileOpenedIsListedByItsNameAndFolderAndReadsAtOnce(@TempDir Path dir) throws Exception {
        ModelCatalogue catalogue = started(dir.resolve("none"), null);
        Path mine = save(model("mine", 784, 10), folder(dir, "Downloads").resolve("mine.json"));

        assertTrue(catalogue.open(mine).get(1, TimeUnit.SECONDS));

        assertEquals("mine", catalogue.model().name());
        assertEquals(mine, catalogue.modelFile());
        assertEquals(List.of("shipped-one (shipped)", "mine (file in Downloads)"), labels(catalogue));
        assertEquals(List.of("Reading " + mine + "…", ""), status);
    }

    @Test
    void anOfferedModelBecomesSelectedAndReplacesTheOneOfferedBefore(@TempDir Path dir) {
        ModelCatalogue catalogue = started(dir, null);
        Model first = model("first", 784, 10), second = model("second", 784, 10);

        catalogue.offerTrained(first);
        assertSame(first, catalogue.model());
        catalogue.offerTrained(second);

        assertSame(second, catalogue.model());
        assertSame(catalogue.selected().get(), catalogue.choice().get());
        assertEquals(List.of("shipped-one (shipped)", "second (trained here, not saved)"), labels(catalogue));
        assertEquals("second (trained here, not saved) · test accuracy unknown", catalogue.info().get());
        assertNull(catalogue.modelFile(), "a model trained here has no file");
    }

    @Test
    void aTrainedModelOnceSavedIsNamedByItsFileAndNoLongerNotSaved(@TempDir Path dir) throws Exception {
        Path models = folder(dir, "models");
        Path file = save(model("old", 784, 10), models.resolve("mlp-12-epochs.json"));
        ModelCatalogue catalogue = started(models, null);
        Model trained = model("mlp 12 epochs", 784, 10);
        catalogue.offerTrained(trained);

        catalogue.saved(model("other weights", 784, 10), file);
        assertEquals("mlp 12 epochs (trained here, not saved)", labels(catalogue).get(2), "other weights were saved");
        catalogue.saved(new Model("mlp-12-epochs", trained.parameters().copy(), Provenance.unknown()), file);

        assertEquals(List.of("shipped-one (shipped)", "mlp-12-epochs (file in models)"), labels(catalogue),
                "one entry for the file, which it was saved over");
        assertSame(trained, catalogue.model(), "it goes on reading with the same weights");
        assertEquals(file, catalogue.modelFile());
        assertEquals("mlp-12-epochs (file in models) · test accuracy unknown", catalogue.info().get());
    }

    @Test
    void aModelOfferedBeforeTheShippedOneIsListedStaysListedAfterIt(@TempDir Path dir) {
        List<Runnable> later = new ArrayList<>();
        ModelCatalogue catalogue = new ModelCatalogue(new ModelCatalogue.Background() {
            @Override
            public <T> void run(Callable<T> work, BiConsumer<T, Throwable> done) {
                later.add(() -> AT_ONCE.run(work, done));
            }
        }, line -> status.add(line.text()), ModelCatalogueTest::shipped);
        catalogue.start(dir, null);
        Model early = model("early", 784, 10);

        catalogue.offerTrained(early);
        later.forEach(Runnable::run);

        assertEquals(List.of("early (trained here, not saved)", "shipped-one (shipped)"), labels(catalogue));
        assertSame(SHIPPED, catalogue.model(), "the shipped model reads once it is listed, as before");
    }

    @Test
    void aFileChosenInTheListIsReadThenListedLoadedAndUsed(@TempDir Path dir) throws Exception {
        Path models = folder(dir, "models");
        save(model("a", 784, 10), models.resolve("a.json"));
        ModelCatalogue catalogue = started(models, null);

        catalogue.choose(catalogue.entries().get().get(1));

        assertEquals("a", catalogue.model().name());
        ModelCatalogue.Entry listed = catalogue.entries().get().get(1);
        assertEquals("a (file in models)", listed.label());
        assertSame(catalogue.model(), listed.model(), "read once, kept in the list");
        assertEquals(listed, catalogue.choice().get());
    }

    @Test
    void aBadFileChosenInTheListLeavesTheSelectionAsItWasAndTheListShowsItAgain(@TempDir Path dir) throws Exception {
        Path models = folder(dir, "models");
        Files.writeString(models.resolve("bad.json"), "{ not json");
        ModelCatalogue catalogue = started(models, null);
        ModelCatalogue.Entry before = catalogue.selected().get();
        List<ModelCatalogue.Entry> shown = new ArrayList<>(), selected = new ArrayList<>();
        catalogue.choice().listen(shown::add);
        catalogue.selected().listen(selected::add);
        ModelCatalogue.Entry bad = catalogue.entries().get().get(1);

        catalogue.choose(bad);

        assertSame(before, catalogue.selected().get());
        assertTrue(selected.isEmpty(), "no other model was selected: " + selected);
        assertEquals(List.of(bad, before), shown, "the list shows the file while it is read, then the model that reads");
        assertEquals(List.of("shipped-one (shipped)", "bad (file in models)"), labels(catalogue), "the file stays on offer");
        assertTrue(lastStatus().contains("bad.json"), lastStatus());
    }

    @Test
    void choosingWhatIsAlreadyChosenChangesNothing(@TempDir Path dir) {
        ModelCatalogue catalogue = started(dir, null);
        List<Object> changes = new ArrayList<>();
        catalogue.choice().listen(changes::add);
        catalogue.selected().listen(changes::add);

        catalogue.choose(catalogue.selected().get());
        catalogue.choose(null);

        assertTrue(changes.isEmpty(), changes.toString());
        assertTrue(status.isEmpty(), status.toString());
    }

    @Test
    void aPreferredModelFileIsUsedOnceTheShippedOneIsListed(@TempDir Path dir) throws Exception {
        Path mine = save(model("mine", 784, 10), folder(dir, "kept").resolve("mine.json"));

        ModelCatalogue catalogue = started(dir.resolve("none"), mine);

        assertEquals("mine", catalogue.model().name());
        assertEquals(List.of("shipped-one (shipped)", "mine (file in kept)"), labels(catalogue));
    }

    @Test
    void aPreferredModelFileThatIsGoneLeavesTheShippedOneAndTheStatusLineSaysWhy(@TempDir Path dir) {
        Path gone = dir.resolve("gone.json");

        ModelCatalogue catalogue = started(dir.resolve("none"), gone);

        assertSame(SHIPPED, catalogue.model());
        assertTrue(lastStatus().startsWith("The model used last time could not be read (") && lastStatus().contains(gone.toString())
                && lastStatus().endsWith("); reading with the shipped one."), lastStatus());
    }

    @Test
    void theInfoLineGivesTheTestAccuracyWhenKnown() {
        Model measured = new Model("measured", Parameters.initial(new int[] {784, 10}, 1),
                new Provenance(null, null, null, null, null, null, null, null, 0.9812, null, null, null, null, null));
        assertEquals("measured (shipped) · 98.1% of the test digits right",
                ModelCatalogue.describe(new ModelCatalogue.Entry("measured (shipped)", measured, null)));
    }
}
