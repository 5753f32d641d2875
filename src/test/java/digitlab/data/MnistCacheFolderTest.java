package digitlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the cache lives and what it fetches from, worked out from an environment the test makes up. */
class MnistCacheFolderTest {
    private final Path home = Path.of("/home/someone");

    @Test
    void theDataOptionComesFirst() {
        Map<String, String> env = Map.of("DIGITLAB_DATA", "/env/data", "XDG_CACHE_HOME", "/xdg");

        assertEquals(Path.of("/opt/mnist"), MnistEnvironment.resolveFolder("/opt/mnist", env, home));
    }

    @Test
    void thenDigitlabData() {
        Map<String, String> env = Map.of("DIGITLAB_DATA", "/env/data", "XDG_CACHE_HOME", "/xdg");

        assertEquals(Path.of("/env/data"), MnistEnvironment.resolveFolder(null, env, home));
    }

    @Test
    void thenTheXdgCache() {
        Map<String, String> env = Map.of("DIGITLAB_DATA", "", "XDG_CACHE_HOME", "/xdg");

        assertEquals(Path.of("/xdg/digitlab/mnist"), MnistEnvironment.resolveFolder(null, env, home));
    }

    @Test
    void thenTheHomeCache() {
        assertEquals(Path.of("/home/someone/.cache/digitlab/mnist"), MnistEnvironment.resolveFolder(null, Map.of(), home));
        // the XDG spec says a relative XDG_CACHE_HOME is to be ignored
        assertEquals(Path.of("/home/someone/.cache/digitlab/mnist"),
                MnistEnvironment.resolveFolder("", Map.of("XDG_CACHE_HOME", "relative/cache"), home));
    }

    @Test
    void aRelativeDataFolderIsMadeAbsolute() {
        Path folder = MnistEnvironment.resolveFolder("some/data", Map.of(), home);

        assertTrue(folder.isAbsolute());
        assertEquals(Path.of("some/data").toAbsolutePath(), folder);
    }

    @Test
    void aFolderFromTheDataOptionOrDigitlabDataCountsAsTheUsersAndTheCacheAsDigitLabs() {
        Map<String, String> env = Map.of("DIGITLAB_DATA", "/env/data", "XDG_CACHE_HOME", "/xdg");

        assertEquals(java.util.Optional.of("--data"), MnistCache.fromEnvironment("/opt/mnist", env, home).namedBy());
        assertEquals(java.util.Optional.of("DIGITLAB_DATA"), MnistCache.fromEnvironment(null, env, home).namedBy());
        assertEquals(java.util.Optional.empty(), MnistCache.fromEnvironment(null, Map.of("XDG_CACHE_HOME", "/xdg"), home).namedBy());
        assertEquals(java.util.Optional.empty(), MnistCache.at(Path.of("/somewhere")).namedBy());
    }

    @Test
    void mirrorsComeFromTheEnvironmentOrTheHttpsDefaults() {
        assertEquals(List.of(URI.create("http://127.0.0.1:8080/a/"), URI.create("https://mirror.example/mnist")),
                MnistEnvironment.mirrorsFrom(Map.of("DIGITLAB_MNIST_MIRRORS", " http://127.0.0.1:8080/a/ ,https://mirror.example/mnist,")));
        assertEquals(MnistEnvironment.DEFAULT_MIRRORS, MnistEnvironment.mirrorsFrom(Map.of()));
        assertTrue(MnistEnvironment.DEFAULT_MIRRORS.size() >= 2);
        MnistEnvironment.DEFAULT_MIRRORS.forEach(m -> assertEquals("https", m.getScheme(), m.toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MnistEnvironment.mirrorsFrom(Map.of("DIGITLAB_MNIST_MIRRORS", "ftp://mirror.example/")));
        assertTrue(e.getMessage().contains("'ftp://mirror.example/' is not an http or https URL"), e.getMessage());
    }

    @Test
    void npmIsLookedUpOnThePathOfTheGivenEnvironment(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path npm = Files.writeString(bin.resolve("npm"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", empty + java.io.File.pathSeparator + bin, "DIGITLAB_DATA", dir.toString());

        MnistCache cache = MnistCache.fromEnvironment(null, env, home);

        assertEquals(npm, cache.npm().orElseThrow());
        assertEquals(dir, cache.folder());
        assertEquals(MnistCache.MNIST_SHA256, cache.sums());
        assertTrue(MnistCache.fromEnvironment(null, Map.of("PATH", empty.toString()), home).npm().isEmpty());
    }
}
