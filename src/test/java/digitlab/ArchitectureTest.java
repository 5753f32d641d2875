package digitlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Arrays;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering, checked on the compiled classes: the engine knows nothing of files, data or screens;
 * nothing but the launcher reaches into the app or the command line; the top-level packages form no
 * cycle; and in the app each view (draw, train, graph, descent) keeps to itself, sharing only app.shared and
 * app.widgets, while its presenters and models stay plain Java.
 */
@AnalyzeClasses(locations = ArchitectureTest.MainClasses.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] FEATURES = {"draw", "train", "graph", "descent"};

    @ArchTest
    static final ArchRule theEngineUsesNoScreenFileDataOrJson = noClasses().that().resideInAPackage("digitlab.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "digitlab.data..", "digitlab.dataset..",
                    "digitlab.model..", "digitlab.files..", "digitlab.cli..", "digitlab.app..", "com.fasterxml.jackson..",
                    "java.nio.file..");

    @ArchTest
    static final ArchRule theFormulaParserUsesNoScreen = noClasses().that().resideInAPackage("digitlab.expr..")
            .should().dependOnClassesThat().resideInAPackage("javafx..");

    @ArchTest
    static final ArchRule theNetworkUsesNoScreenFilesOrData = noClasses().that().resideInAPackage("digitlab.nn..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.nio.file..", "digitlab.data..",
                    "digitlab.files..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File");

    @ArchTest
    static final ArchRule modelDataImagesAndFilesUseNoScreen = noClasses()
            .that().resideInAnyPackage("digitlab.model..", "digitlab.data..", "digitlab.image..", "digitlab.files..")
            .should().dependOnClassesThat().resideInAPackage("javafx..");

    @ArchTest
    static final ArchRule onlyTheLauncherReachesIntoTheApp = noClasses()
            .that().resideOutsideOfPackage("digitlab.app..").and().doNotHaveFullyQualifiedName(Launcher.class.getName())
            .should().dependOnClassesThat().resideInAPackage("digitlab.app..");

    @ArchTest
    static final ArchRule onlyTheLauncherReachesIntoTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("digitlab.cli..").and().doNotHaveFullyQualifiedName(Launcher.class.getName())
            .should().dependOnClassesThat().resideInAPackage("digitlab.cli..");

    @ArchTest
    static final ArchRule theTopLevelPackagesFormNoCycle = slices().matching("digitlab.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theDrawViewKeepsToItself = featureKeepsToItself("draw");

    @ArchTest
    static final ArchRule theTrainViewKeepsToItself = featureKeepsToItself("train");

    @ArchTest
    static final ArchRule theGraphViewKeepsToItself = featureKeepsToItself("graph");

    @ArchTest
    static final ArchRule theDescentViewKeepsToItself = featureKeepsToItself("descent");

    @ArchTest
    static final ArchRule whatTheViewsShareKnowsNoView = noClasses()
            .that().resideInAnyPackage("digitlab.app.shared..", "digitlab.app.widgets..")
            .should().dependOnClassesThat().resideInAnyPackage(featurePackages(null));

    /** Presenters, forms, catalogues and models, nested classes included: tested without a display. */
    private static final DescribedPredicate<JavaClass> PRESENTERS_AND_MODELS = DescribedPredicate.describe(
            "presenters, forms, catalogues and models of the app",
            c -> c.getName().matches("digitlab\\.app\\.([\\w.]+\\.)?\\w*(Presenter|Form|Catalogue|Model)(\\$[\\w$]*)?"));

    @ArchTest
    static final ArchRule presentersAndModelsArePlainJava = classes().that(PRESENTERS_AND_MODELS)
            .should().onlyDependOnClassesThat(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("javafx..")))
            .allowEmptyShould(true);

    /** Classes of app.{@code feature} use no class of another view's package. */
    private static ArchRule featureKeepsToItself(String feature) {
        return noClasses().that().resideInAPackage("digitlab.app." + feature + "..")
                .should().dependOnClassesThat().resideInAnyPackage(featurePackages(feature))
                .as("app." + feature + " uses no other view (only app.shared, app.widgets and its own package)");
    }

    /** Where the app's classes are (target/classes): only that folder is read, not every jar on the class path. */
    static final class MainClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Set.of(Location.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation()));
        }
    }

    /** The packages of every view but {@code except} (none left out when null). */
    private static String[] featurePackages(String except) {
        return Arrays.stream(FEATURES).filter(f -> !f.equals(except)).map(f -> "digitlab.app." + f + "..")
                .toArray(String[]::new);
    }
}
