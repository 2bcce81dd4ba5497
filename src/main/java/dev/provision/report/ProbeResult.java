package dev.provision.report;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One probe's row in the evidence: the claim, what was expected, what was measured.
 *
 * @param id short stable identifier ("round-robin"), used by JSON and JUnit consumers
 * @param title the claim in words ("Requests rotate over every passing replica")
 * @param status passed, failed or skipped
 * @param expected what the claim requires, in words
 * @param actual what was measured, in words
 * @param duration how long the probe took
 * @param error why it failed or could not run (empty when it passed)
 * @param details supporting evidence, one line each (per host results, commands run)
 */
public record ProbeResult(
        String id,
        String title,
        ProbeStatus status,
        String expected,
        String actual,
        Duration duration,
        Optional<String> error,
        List<String> details) {

    public ProbeResult {
        Objects.requireNonNull(id);
        Objects.requireNonNull(title);
        Objects.requireNonNull(status);
        expected = expected == null ? "" : expected;
        actual = actual == null ? "" : actual;
        duration = duration == null ? Duration.ZERO : duration;
        error = error == null ? Optional.empty() : error;
        details = List.copyOf(details == null ? List.of() : details);
    }

    public static ProbeResult passed(String id, String title, String expected, String actual, Duration took,
            List<String> details) {
        return new ProbeResult(id, title, ProbeStatus.PASSED, expected, actual, took, Optional.empty(), details);
    }

    public static ProbeResult failed(String id, String title, String expected, String actual, Duration took,
            String error, List<String> details) {
        return new ProbeResult(id, title, ProbeStatus.FAILED, expected, actual, took, Optional.of(error), details);
    }

    public static ProbeResult skipped(String id, String title, String reason) {
        return new ProbeResult(id, title, ProbeStatus.SKIPPED, "", "not run", Duration.ZERO,
                Optional.of(reason), List.of());
    }

    /** Passed when the check holds, failed otherwise; the error is used only when failed. */
    public static ProbeResult of(boolean ok, String id, String title, String expected, String actual,
            Duration took, String error, List<String> details) {
        return ok ? passed(id, title, expected, actual, took, details)
                : failed(id, title, expected, actual, took, error, details);
    }

    public boolean passed() {
        return status == ProbeStatus.PASSED;
    }

    public boolean failed() {
        return status == ProbeStatus.FAILED;
    }

    ProbeResult redacted(UnaryOperator<String> r) {
        return new ProbeResult(id, r.apply(title), status, r.apply(expected), r.apply(actual), duration,
                error.map(r), details.stream().map(r).toList());
    }
}
