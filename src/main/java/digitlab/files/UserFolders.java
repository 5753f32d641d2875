package digitlab.files;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's folders for DigitLab's own files, as the XDG base directory spec places them on every
 * system: a variable that holds a relative path is ignored, as the spec says.
 */
public final class UserFolders {
    private UserFolders() {
    }

    /** {@code $XDG_DATA_HOME/digitlab}, else {@code ~/.local/share/digitlab}: files the user keeps. */
    public static Path data(Map<String, String> env, Path home) {
        return base(env.get("XDG_DATA_HOME"), home.resolve(".local").resolve("share")).resolve("digitlab");
    }

    /** {@code $XDG_CACHE_HOME/digitlab}, else {@code ~/.cache/digitlab}: files DigitLab can fetch again. */
    public static Path cache(Map<String, String> env, Path home) {
        return base(env.get("XDG_CACHE_HOME"), home.resolve(".cache")).resolve("digitlab");
    }

    private static Path base(String variable, Path fallback) {
        if (variable != null && !variable.isEmpty()) {
            try {
                Path p = Path.of(variable);
                if (p.isAbsolute()) {
                    return p;
                }
            } catch (RuntimeException e) {
                // not a path on this system: the fallback, as for an unset variable
            }
        }
        return fallback;
    }
}
