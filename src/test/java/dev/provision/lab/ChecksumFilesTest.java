package dev.provision.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumFilesTest {
    @TempDir
    Path dir;

    @Test
    void hashesLikeSha256sum() throws IOException {
        Path f = Files.writeString(dir.resolve("abc"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ChecksumFiles.sha256(f));
    }

    @Test
    void writesTheVendorsSumsLineFormat() {
        String sum = LabArtifacts.HAPROXY_UPSTREAM_SHA256;
        String line = ChecksumFiles.line(sum, "haproxy-2.6.12.tar.gz");
        assertEquals(sum + "  haproxy-2.6.12.tar.gz\n", line);
        assertEquals(sum, ChecksumFiles.sumFor("0".repeat(64) + "  other.zip\n" + line, "haproxy-2.6.12.tar.gz"));
        assertNull(ChecksumFiles.sumFor(line, "consul_1.8.7_linux_amd64.zip"));
        assertThrows(IllegalArgumentException.class, () -> ChecksumFiles.line("XYZ", "f"));
    }

    @Test
    void consulZipHoldsOneExecutableAtItsRoot() throws IOException {
        byte[] content = "#!/bin/sh\necho consul\n".getBytes();
        Path bin = Files.write(dir.resolve("consul-binary"), content);
        Path zip = dir.resolve(LabArtifacts.CONSUL_ZIP);
        LabArtifacts.writeZip(bin, zip);
        try (var z = ZipFile.builder().setPath(zip).get()) {
            var entries = Collections.list(z.getEntries());
            assertEquals(1, entries.size());
            assertEquals("consul", entries.get(0).getName());
            assertEquals(0755, entries.get(0).getUnixMode() & 0777);
            try (var in = z.getInputStream(entries.get(0))) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
    }
}
