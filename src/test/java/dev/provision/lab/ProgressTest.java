package dev.provision.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void aQuickStepIsOneLineWithItsDuration() {
        var text = new StringWriter();
        int result = new Progress(new PrintWriter(text)).step("booting web-2", () -> 42);
        assertEquals(42, result);
        assertEquals("booting web-2... ok 0 s" + System.lineSeparator(), text.toString());
    }

    @Test
    void aSlowStepSaysHowLongSoFar() {
        var text = new StringWriter();
        new Progress(new PrintWriter(text), 1).run("building base image", () -> sleep(3500));
        String out = text.toString();
        assertTrue(out.startsWith("building base image..." + System.lineSeparator()), out);
        assertTrue(out.contains("  building base image... 3 s"), out);
        assertTrue(out.strip().endsWith("building base image... ok 4 s") || out.strip().endsWith("building base image... ok 3 s"), out);
    }

    @Test
    void aFailedStepSaysSo() {
        var text = new StringWriter();
        assertThrows(IllegalStateException.class,
                () -> new Progress(new PrintWriter(text)).run("x", () -> { throw new IllegalStateException("boom"); }));
        assertEquals("x... FAILED after 0 s" + System.lineSeparator(), text.toString());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
