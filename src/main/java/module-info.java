/** DigitLab: the autograd engine, the formula parser, the command line and the JavaFX app. */
module digitlab {
    requires javafx.controls;
    requires ejml.core;
    requires ejml.fdense;
    requires com.fasterxml.jackson.databind;

    exports digitlab.engine;
    exports digitlab.expr;
    exports digitlab.data;
    exports digitlab.nn;
    exports digitlab.model;
    opens digitlab.model to com.fasterxml.jackson.databind;
    // JavaFX creates the Application by reflection
    exports digitlab.app to javafx.graphics;
}
