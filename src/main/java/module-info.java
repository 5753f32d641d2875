/** DigitLab: the autograd engine, the formula parser, the command line and the JavaFX app. */
module digitlab {
    requires javafx.controls;
    requires ejml.core;
    requires ejml.fdense;
    requires com.fasterxml.jackson.databind;
    // the command line's parser, usage and completion (digitlab.cli)
    requires info.picocli;
    // HttpClient: fetching MNIST from mirrors (digitlab.data)
    requires java.net.http;
    // javax.imageio: reading and writing picture files (digitlab.image)
    requires java.desktop;
    // the Vector API: the fast matrix products (digitlab.engine.kernels); without it they run in plain Java
    requires jdk.incubator.vector;
    // bench: peak heap
    requires java.management;
    // the JVM's flags (HotSpotDiagnosticMXBean), which tell whether the Vector API is compiled (Kernels)
    requires jdk.management;

    exports digitlab.engine;
    exports digitlab.engine.kernels;
    exports digitlab.expr;
    exports digitlab.data;
    exports digitlab.dataset;
    exports digitlab.image;
    exports digitlab.nn;
    exports digitlab.model;
    // Jackson binds model files to the records of digitlab.model (ModelJson), which are not public
    opens digitlab.model to com.fasterxml.jackson.databind;
    // picocli fills in the commands' annotated fields and creates them by reflection
    opens digitlab.cli to info.picocli;
    // JavaFX creates the Application by reflection
    exports digitlab.app to javafx.graphics;
}
