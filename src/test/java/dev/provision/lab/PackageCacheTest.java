package dev.provision.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's cache needs port 3142 on its bridge address: a listener on every address (the system's own cache) takes it. */
class PackageCacheTest {
    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    @TempDir
    Path dir;

    @Test
    void seesAListenerOnEveryIpv4Address() throws IOException {
        assertTrue(PackageCache.listensOnEveryAddress(table("   0: 00000000:0C46 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n")));
    }

    @Test
    void seesAListenerOnEveryIpv6Address() throws IOException {
        assertTrue(PackageCache.listensOnEveryAddress(table(
                "   0: 00000000000000000000000000000000:0C46 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n")));
    }

    @Test
    void ignoresAnotherLabsCacheOnItsOwnAddressAndOtherPorts() throws IOException {
        assertFalse(PackageCache.listensOnEveryAddress(table(
                "   0: 010512C6:0C46 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n"  // 198.18.5.1:3142
                        + "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n"  // *:22
                        + "   2: 00000000:0C46 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 1 1\n"))); // not LISTEN
        assertFalse(PackageCache.listensOnEveryAddress(dir.resolve("missing").toString()));
    }

    private String table(String rows) throws IOException {
        return Files.writeString(dir.resolve("tcp"), HEADER + rows).toString();
    }
}
