package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.report.Delivery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The delivery verdict on recorded answers: it passes only on exactly-once and full fan-out. */
class DeliveryVerdictTest {
    private static final List<String> SENT = List.of("a", "b", "c", "d", "e", "f");

    private static DeliveryVerdict.ReplicaEvents ev(List<String> queue, List<String> fanout) {
        return new DeliveryVerdict.ReplicaEvents(queue, queue.stream().map(x -> 2L).toList(), fanout,
                fanout.stream().map(x -> 3L).toList(), "");
    }

    private static DeliveryVerdict.Verdict judge(DeliveryVerdict.ReplicaEvents r1, DeliveryVerdict.ReplicaEvents r2) {
        var m = new LinkedHashMap<String, DeliveryVerdict.ReplicaEvents>();
        m.put("web-1", r1);
        m.put("web-2", r2);
        return DeliveryVerdict.judge("t", "B", SENT, 0, m);
    }

    @Test
    void exactlyOnceAndFullFanOutPasses() {
        var v = judge(ev(List.of("a", "c", "e"), SENT), ev(List.of("b", "d", "f"), SENT));
        assertTrue(v.passed(), v.problems().toString());
        assertEquals(List.of(3, 3), v.delivery().rows().stream().map(Delivery.Row::queue).toList());
        assertEquals(2, v.delivery().queueLatency().p50());
        assertEquals(12, v.delivery().fanoutLatency().samples());
    }

    @Test
    void eventsAReplicaInMaintenanceTookFromTheQueueGroupAreNotLostButStillCountOnce() {
        var passing = new LinkedHashMap<String, DeliveryVerdict.ReplicaEvents>();
        passing.put("web-2", ev(List.of("b", "e"), SENT));
        passing.put("web-3", ev(List.of("c", "f"), SENT));
        var outside = new LinkedHashMap<String, DeliveryVerdict.ReplicaEvents>();
        outside.put("web-1", ev(List.of("a", "d"), SENT));
        var v = DeliveryVerdict.judge("t", "B", SENT, 0, passing, outside);
        assertTrue(v.passed(), v.problems().toString());
        assertEquals(0, v.delivery().queueLost());
        // Without reading it, its share would look lost; and it still counts only once.
        assertEquals(2, DeliveryVerdict.judge("t", "B", SENT, 0, passing).delivery().queueLost());
        outside.put("web-1", ev(List.of("a", "d", "b"), SENT));
        var twice = DeliveryVerdict.judge("t", "B", SENT, 0, passing, outside);
        assertEquals(List.of("1 events processed more than once in the queue group (b by web-2 and web-1)"), twice.problems());
    }

    @Test
    void aLostEventFails() {
        var v = judge(ev(List.of("a", "c"), SENT), ev(List.of("b", "d", "f"), SENT));
        assertFalse(v.passed());
        assertEquals(List.of("1 of 6 events processed by no replica in the queue group (lost: e)"), v.problems());
        assertEquals(1, v.delivery().queueLost());
    }

    @Test
    void aDuplicateFails() {
        var v = judge(ev(List.of("a", "c", "e", "b"), SENT), ev(List.of("b", "d", "f"), SENT));
        assertEquals(List.of("1 events processed more than once in the queue group (b by web-1 and web-2)"), v.problems());
    }

    @Test
    void aReplicaMissingFanOutEventsFailsNamingIt() {
        var v = judge(ev(List.of("a", "c", "e"), SENT), ev(List.of("b", "d", "f"), List.of("a", "b", "c", "d")));
        assertEquals(List.of("web-2 saw 4 of 6 events as a plain subscriber, expected all (missing e, f)"), v.problems());
        assertEquals(2, v.delivery().fanoutLost());
    }

    @Test
    void aReplicaDoingNoQueueWorkFails() {
        var v = judge(ev(SENT, SENT), ev(List.of(), SENT));
        assertEquals(List.of("web-2 processed none of the 6 events in the queue group: the work is not spread"),
                v.problems());
    }

    @Test
    void anEventNeverPublishedFails() {
        var v = judge(ev(List.of("a", "c", "e", "zz"), SENT), ev(List.of("b", "d", "f"), SENT));
        assertEquals(List.of("1 events of batch B processed that the publisher never accepted (zz)"), v.problems());
    }

    @Test
    void anUnreadableReplicaFailsAndIsNotCountedAsLoss() {
        var m = new LinkedHashMap<String, DeliveryVerdict.ReplicaEvents>();
        m.put("web-1", ev(List.of("a", "c", "e"), SENT));
        m.put("web-2", DeliveryVerdict.ReplicaEvents.parse(HttpAnswer.failed("connection refused")));
        var v = DeliveryVerdict.judge("t", "B", SENT, 0, m);
        assertEquals(List.of("web-2: events not readable: connection refused"), v.problems());
    }

    @Test
    void parsesTheSubscribersAnswer() {
        var e = DeliveryVerdict.ReplicaEvents.parse(new HttpAnswer(200, "{\"replica\":\"web-1\",\"batch\":\"B\","
                + "\"queue\":{\"ids\":[\"a\"],\"latency_ms\":[4]},\"fanout\":{\"ids\":[\"a\",\"b\"],\"latency_ms\":[5,6]}}",
                Optional.empty()));
        assertTrue(e.ok());
        assertEquals(List.of("a"), e.queueIds());
        assertEquals(List.of(5L, 6L), e.fanoutLatency());
        assertFalse(DeliveryVerdict.ReplicaEvents.parse(new HttpAnswer(200, "{\"replica\":\"web-1\"}", Optional.empty())).ok());
    }

    @Test
    void percentilesAreNearestRank() {
        var l = Delivery.Latency.of(List.of(10L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
        assertEquals(5, l.p50());
        assertEquals(10, l.p99());
        var many = new java.util.ArrayList<Long>();
        for (long i = 1; i <= 200; i++) many.add(i);
        assertEquals(100, Delivery.Latency.of(many).p50());
        assertEquals(198, Delivery.Latency.of(many).p99());
    }
}
