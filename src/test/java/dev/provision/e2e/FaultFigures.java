package dev.provision.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fault table's rows, as the end-to-end tests measure them: each test that puts the
 * deployment through a fault records one row here, {@code .ci/run} prints the table at the end,
 * and README's "Faults survived" table copies the latest CI figures.
 */
public final class FaultFigures {
    /** One row per line, tab-separated: fault, what was done, sent, failed, time to recover, after the next up. */
    public static final Path FILE = Path.of("target", "fault-figures.tsv");

    private FaultFigures() {}

    /**
     * Appends a row (and prints it, so a test log shows it too).
     *
     * @param sent requests sent through the balancer during the fault
     * @param failed of those, the ones not answered 200
     * @param timeToRecover e.g. "2.1 s (new leader elected)"
     * @param afterNextUp e.g. "0 changed, verify passed"
     */
    public static synchronized void record(String fault, String whatWasDone, long sent, long failed, String timeToRecover,
            String afterNextUp) {
        String line = String.join("\t", clean(fault), clean(whatWasDone), Long.toString(sent), Long.toString(failed),
                clean(timeToRecover), clean(afterNextUp));
        System.out.println("fault figures: " + line.replace('\t', '|'));
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One cell: no tab or line break (they would break the row), no '|' (it would break the Markdown table). */
    static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\t\\r\\n]+", " ").replace('|', '/').strip();
    }
}
