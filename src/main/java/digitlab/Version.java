package digitlab;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version, written into the jar by the build. */
public final class Version {
    private Version() {
    }

    /** The version, or "unknown" when run from classes the build did not filter. */
    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/digitlab/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
