package dev.provision.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabStateTest {
    @TempDir
    Path dir;

    @Test
    void aStateFromBeforeSeveralServersReadsAsOneServer() throws IOException {
        Path file = Files.writeString(dir.resolve("lab.properties"), "subnet=198.18.3.0/24\nreplicas=3\nbrokers=1\n");
        assertEquals(new LabState("198.18.3.0/24", 3, 1, 1), LabState.read(file).orElseThrow());
    }

    @Test
    void keepsItsConsulServers() {
        Path file = dir.resolve("lab.properties");
        new LabState("198.18.3.0/24", 4, 3, 3).write(file);
        assertEquals(new LabState("198.18.3.0/24", 4, 3, 3), LabState.read(file).orElseThrow());
    }
}
