package dev.provision.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What "passed" means, and the numbers report.json gives as numbers. */
class EvidenceVerdictTest {
    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    private static Evidence evidence(List<ProbeResult> probes, List<String> required, Optional<Rotation> rotation) {
        return new Evidence("v", "c", "i", "d", T, T, new Topology(List.of(), "web", 8080, 80, 8181), probes, rotation,
                Optional.empty(), Optional.empty(), Captured.NONE, required);
    }

    private static ProbeResult passed(String id) {
        return ProbeResult.passed(id, id, "e", "a", Duration.ZERO, List.of());
    }

    @Test
    void passedMeansEveryProbeThatRanPassedAndNoRequiredOneWasSkipped() {
        var skippedOptional = ProbeResult.skipped("failover", "failover", "skipped: --no-disruptive");
        assertTrue(evidence(List.of(passed("catalog"), skippedOptional), List.of("catalog"), Optional.empty()).passed());

        var skippedRequired = ProbeResult.skipped("catalog", "catalog", "skipped");
        var e = evidence(List.of(passed("reachability"), skippedRequired), List.of("reachability", "catalog"),
                Optional.empty());
        assertFalse(e.passed());
        assertEquals(List.of("catalog"), e.missingRequired());

        var absent = evidence(List.of(passed("reachability")), List.of("reachability", "firewall"), Optional.empty());
        assertFalse(absent.passed(), "a required probe that never ran");
        assertEquals(List.of("firewall"), absent.missingRequired());
    }

    @Test
    void failedRequestsAreCountedNotAReplicaInTheDistribution() {
        var r = new Rotation(List.of("web-1", Rotation.FAILED, "web-2", "web-1"), 2, List.of("web-1", "web-2"));
        var e = evidence(List.of(passed("round-robin")), List.of(), Optional.of(r));
        assertEquals(Map.of("web-1", 2, "web-2", 1), e.distribution());
        assertEquals(1, r.failedRequests());
        String json = new JsonReportWriter().render(e);
        assertTrue(json.contains("\"distribution\": {\"web-1\": 2, \"web-2\": 1}"), json);
        assertTrue(json.contains("\"requestsFailed\": 1"), json);
    }

    @Test
    void figuresAreNumbersWhereTheyAreNumbers() {
        assertEquals(Optional.of(1620.0), new Timeline.Figure("t", "1.62 s").number());
        assertEquals("ms", new Timeline.Figure("t", "1.62 s").unit());
        assertEquals(Optional.of(420.0), new Timeline.Figure("t", "420 ms").number());
        assertEquals(Optional.of(12.0), new Timeline.Figure("n", "12").number());
        assertEquals("", new Timeline.Figure("n", "12").unit());
        assertEquals(Optional.empty(), new Timeline.Figure("t", "not within 15 s").number());
    }
}
