package dev.provision.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPatternTest {
    @Test
    void expandsAnsibleRanges() {
        assertEquals(List.of("web"), HostPattern.expand("web"));
        assertEquals(List.of("web-1", "web-2", "web-3"), HostPattern.expand("web-[1:3]"));
        assertEquals(List.of("db01", "db03", "db05"), HostPattern.expand("db[01:05:2]"));
        assertEquals(List.of("a.x", "b.x"), HostPattern.expand("[a:b].x"));
        assertEquals(List.of("r1a", "r1b", "r2a", "r2b"), HostPattern.expand("r[1:2][a:b]"));
    }

    @Test
    void rejectsBadRanges() {
        assertThrows(IllegalArgumentException.class, () -> HostPattern.expand("web-[3:1]"));
        assertThrows(IllegalArgumentException.class, () -> HostPattern.expand("web-[1:c]"));
        assertThrows(IllegalArgumentException.class, () -> HostPattern.expand("web-[1:3:0]"));
        assertThrows(IllegalArgumentException.class, () -> HostPattern.expand("web-[1:999999]"));
    }
}
