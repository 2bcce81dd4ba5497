package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.report.Timeline;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failover's outage rules on recorded answers: each way the outage can fail to show. */
class OutageVerdictTest {
    private static final List<String> ROTATION = List.of("web-1", "web-2", "web-3");
    // Stop sent at 1000, done at 1100; start sent at 3100, done at 3200.
    private static final OutageVerdict.Marks MARKS = new OutageVerdict.Marks(1000, 1100, 3100, 3200);

    /** A request every 50 ms for 6 s; who answers at t is {@code who(t, i)} (null: it failed). */
    private static List<Timeline.Sample> samples(java.util.function.BiFunction<Long, Integer, String> who) {
        var out = new ArrayList<Timeline.Sample>();
        for (int i = 0; i < 120; i++) {
            long t = i * 50L;
            String r = who.apply(t, i);
            out.add(new Timeline.Sample(t, r, r != null));
        }
        return out;
    }

    /** web-1 is out from the stop until 3500 (its first answer after the start). */
    private static String healthy(long t, int i) {
        if (t >= 1100 && t < 3500) return i % 2 == 0 ? "web-2" : "web-3";
        return ROTATION.get(i % 3);
    }

    @Test
    void aRealOutageIsShownWithItsWindow() {
        var r = OutageVerdict.judge(samples(OutageVerdictTest::healthy), "web-1", 3, MARKS, 3000);
        assertTrue(r.shown(), r.problems().toString());
        assertEquals(0, r.fromItWhileStopped());
        assertEquals(40, r.whileStopped());
        var w = r.absent().orElseThrow();
        // Its last answer before the stop (sample 18 at 900 ms) to its first after the start (3600: i=72).
        assertEquals(900, w.fromMs());
        assertEquals(3600, w.toMs());
        assertEquals(2700, w.lengthMs());
    }

    @Test
    void aReplicaThatNeverLeavesFails() {
        var r = OutageVerdict.judge(samples((t, i) -> ROTATION.get(i % 3)), "web-1", 3, MARKS, 3000);
        assertEquals(List.of("web-1 answered 13 of the 40 requests sent while its service was stopped (first at 1.20 s): "
                + "it never left the rotation"), r.problems());
        assertTrue(r.absent().isEmpty(), "no absence to show");
    }

    @Test
    void aReplicaThatNeverReturnsFails() {
        var r = OutageVerdict.judge(samples((t, i) -> t >= 1100 ? (i % 2 == 0 ? "web-2" : "web-3") : ROTATION.get(i % 3)),
                "web-1", 3, MARKS, 3000);
        assertEquals(List.of("web-1 never answered again within 3.00 s of its start"), r.problems());
    }

    @Test
    void aReplicaThatReturnsOnlyAfterTheTimeoutFails() {
        var r = OutageVerdict.judge(samples(OutageVerdictTest::healthy), "web-1", 3, MARKS, 200);
        assertEquals(List.of("web-1 answered again only 400 ms after its start, more than 200 ms"), r.problems());
    }

    @Test
    void anOutageShorterThanTheRequestIntervalCannotBeShown() {
        // Stopped from 1010 to 1040: between two requests 50 ms apart, no answer can show it gone.
        var marks = new OutageVerdict.Marks(1000, 1010, 1040, 1045);
        var r = OutageVerdict.judge(samples((t, i) -> ROTATION.get(i % 3)), "web-1", 3, marks, 3000);
        assertEquals(List.of("the outage cannot be shown: 0 answers in the 30 ms web-1 was stopped, at least 3 (a full "
                + "rotation) are needed to show it absent"), r.problems());
    }

    @Test
    void aReplicaThatNeverAnsweredBeforeTheStopProvesNothing() {
        var r = OutageVerdict.judge(samples((t, i) -> t < 3500 ? (i % 2 == 0 ? "web-2" : "web-3") : ROTATION.get(i % 3)),
                "web-1", 3, MARKS, 3000);
        assertEquals(List.of("web-1 never answered before the stop: its absence afterwards would prove nothing"),
                r.problems());
    }
}
