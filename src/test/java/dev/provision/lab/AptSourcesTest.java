package dev.provision.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror is read from apt's own configuration; these samples use placeholder hosts. */
class AptSourcesTest {
    @TempDir
    Path etcApt;

    @Test
    void readsDeb822SourcesAndSkipsSecurityAndComments() throws IOException {
        write("sources.list.d/debian.sources", """
                Types: deb
                # http://snapshot.example/archive/debian/20250520T000000Z
                URIs: http://mirror.example/debian/
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://mirror.example/debian-security
                Suites: bookworm-security
                Components: main
                """);
        assertEquals("http://mirror.example/debian", AptSources.debianMirror(etcApt, "bookworm"));
    }

    @Test
    void readsOneLineSourcesWithOptions() throws IOException {
        write("sources.list", """
                # deb http://commented.example/debian bookworm main
                deb-src http://src.example/debian bookworm main
                deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://one.example/debian bookworm main contrib
                """);
        assertEquals("http://one.example/debian", AptSources.debianMirror(etcApt, "bookworm"));
    }

    @Test
    void ignoresFilesAptIgnoresAndDisabledEntries() throws IOException {
        write("sources.list.d/other.list.disabled-by-farm", "deb http://disabled.example/debian bookworm main\n");
        write("sources.list.d/a.sources", """
                Enabled: no
                Types: deb
                URIs: http://off.example/debian
                Suites: bookworm
                """);
        write("sources.list.d/b.sources", """
                Types: deb deb-src
                URIs: http://on.example/debian
                Suites: bookworm
                """);
        assertEquals("http://on.example/debian", AptSources.debianMirror(etcApt, "bookworm"));
    }

    @Test
    void saysWhereItLookedWhenNoMirrorServesTheSuite() throws IOException {
        write("sources.list", "deb http://mirror.example/debian bullseye main\n");
        var e = assertThrows(ProvisionException.class, () -> AptSources.debianMirror(etcApt, "bookworm"));
        assertTrue(e.getMessage().contains("cannot find a Debian mirror for 'bookworm'"), e.getMessage());
        assertTrue(e.getMessage().contains(etcApt.resolve("sources.list").toString()), e.getMessage());
    }

    private void write(String rel, String text) throws IOException {
        Path p = etcApt.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
