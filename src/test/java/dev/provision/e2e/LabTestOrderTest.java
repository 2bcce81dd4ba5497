package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shared lab's tests run in alphabetical order (failsafe's runOrder): UpLabIT needs bare
 * hosts for its check mode, so every other test that deploys must sort after it. A name that
 * sorts before it (UpKilledLabIT did) breaks UpLabIT in CI only, long after it was written.
 */
class LabTestOrderTest {
    /** Tests that sort before UpLabIT because they change nothing on the hosts. */
    static final List<String> BEFORE_UP = List.of("PingLabIT");

    @Test
    void everyLabTestThatDeploysRunsAfterUpLabIt() throws Exception {
        Path dir = Path.of(System.getProperty("project.root", "."), "src/test/java/dev/provision/e2e");
        List<String> its;
        try (Stream<Path> files = Files.list(dir)) {
            its = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("IT.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().toList();
        }
        assertTrue(its.contains("UpLabIT"), "no UpLabIT in " + dir + ": " + its);
        List<String> before = its.subList(0, its.indexOf("UpLabIT"));
        assertEquals(BEFORE_UP, before, "lab tests that would run before UpLabIT (rename them to sort after it)");
    }
}
