package digitlab.cli;

import java.nio.file.InvalidPathException;

/** What to tell about a file name that the file system refuses before any file is looked at. */
final class FileNames {
    private FileNames() {
    }

    /**
     * One line for a name {@code Path.of} refused: most often one with letters that the locale's
     * character set cannot encode ({@code ü.png} under {@code LANG=C}), which Java then cannot turn
     * into the bytes of a file name at all.
     */
    static String unusable(InvalidPathException e) {
        String name = e.getInput();
        String reason = e.getReason() == null ? "" : e.getReason();
        if (name != null && name.indexOf('\0') >= 0) {
            return "cannot use the file name '" + name.replace("\0", "\\0") + "': it contains a NUL character";
        }
        if (reason.contains("unmappable") || reason.contains("Malformed")) {
            return "cannot use the file name '" + name + "': not representable in this system's encoding ("
                    + System.getProperty("sun.jnu.encoding", "unknown") + ", from " + localeSetting()
                    + "); run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8";
        }
        return "cannot use the file name '" + name + "': " + reason;
    }

    /** The environment variable that decides the character set: LC_ALL, else LC_CTYPE, else LANG. */
    static String localeSetting() {
        for (String variable : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isEmpty()) {
                return variable + "=" + value;
            }
        }
        return "no LANG set";
    }
}
