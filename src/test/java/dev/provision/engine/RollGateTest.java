package dev.provision.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cross-host gate of rolled handlers, with threads standing in for hosts. */
class RollGateTest {
    final ExecutorService pool = Executors.newCachedThreadPool();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    final List<String> order = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    /** A host's rolled handler: enter, "restart" for a while, leave (failing when told to). */
    Future<String> host(RollGate gate, String name, boolean last, boolean fails) {
        return pool.submit(() -> {
            try {
                gate.enter(name, last);
            } catch (RollGate.Stopped e) {
                return e.getMessage();
            }
            int now = inside.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            order.add(name);
            Thread.sleep(30);
            inside.decrementAndGet();
            gate.leave(name, !fails);
            return fails ? "failed" : "rolled";
        });
    }

    @Test
    void oneAtATimeByDefault() throws Exception {
        var gate = new RollGate("restart microservice", 1, Set.of("a", "b", "c", "d"));
        var results = List.of(host(gate, "a", false, false), host(gate, "b", false, false),
                host(gate, "c", false, false), host(gate, "d", false, false));
        for (var r : results) assertEquals("rolled", r.get(5, TimeUnit.SECONDS));
        assertEquals(1, most.get(), "two hosts were restarting at once");
        assertEquals(4, gate.entered().size());
    }

    @Test
    void serialTwoLetsTwoInAtOnceNeverThree() throws Exception {
        var gate = new RollGate("restart microservice", 2, Set.of("a", "b", "c", "d", "e"));
        var results = new ArrayList<Future<String>>();
        for (String h : List.of("a", "b", "c", "d", "e")) results.add(host(gate, h, false, false));
        for (var r : results) assertEquals("rolled", r.get(5, TimeUnit.SECONDS));
        assertEquals(2, most.get());
    }

    @Test
    void aFailureStopsTheRollAndTheHostsStillWaitingAreNotTouched() throws Exception {
        var gate = new RollGate("restart microservice", 1, Set.of("a", "b", "c"));
        var a = host(gate, "a", false, true);
        assertEquals("failed", a.get(5, TimeUnit.SECONDS));
        var b = host(gate, "b", false, false);
        var c = host(gate, "c", false, false);
        assertEquals("not rolled: the roll stopped at a", b.get(5, TimeUnit.SECONDS));
        assertEquals("not rolled: the roll stopped at a", c.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("a"), order);
        assertEquals("a", gate.stoppedAt());
    }

    @Test
    void hostsWaitingWhenTheRollStopsAreReleasedAtOnce() throws Exception {
        var gate = new RollGate("restart microservice", 1, Set.of("a", "b"));
        gate.enter("a", false);
        var b = host(gate, "b", false, false);
        Thread.sleep(50);
        assertFalse(b.isDone(), "b entered while a was inside");
        gate.leave("a", false);
        assertEquals("not rolled: the roll stopped at a", b.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aHostThatGoesLastWaitsForEveryOtherParticipantToLeaveOrDecline() throws Exception {
        var gate = new RollGate("restart consul", 1, Set.of("leader", "b", "c", "idle"));
        var leader = host(gate, "leader", true, false);
        Thread.sleep(50);
        var b = host(gate, "b", false, false);
        var c = host(gate, "c", false, false);
        assertEquals("rolled", b.get(5, TimeUnit.SECONDS));
        assertEquals("rolled", c.get(5, TimeUnit.SECONDS));
        Thread.sleep(50);
        assertFalse(leader.isDone(), "the last host went before 'idle' said it would not roll");
        gate.decline("idle");
        assertEquals("rolled", leader.get(5, TimeUnit.SECONDS));
        assertEquals("leader", order.get(order.size() - 1));
    }

    @Test
    void aHostThatGoesLastDoesNotWaitForOneStillQueuedBehindForks() throws Exception {
        // --forks 1: the leader holds the only slot; 'b' cannot start until it is done.
        var gate = new RollGate("restart consul", 1, Set.of("leader", "b"));
        gate.queued(Set.of("leader", "b"));
        gate.started("leader");
        assertEquals("rolled", host(gate, "leader", true, false).get(5, TimeUnit.SECONDS),
                "the last host waited for a host that could not start before it finished");
    }

    @Test
    void aHostThatGoesLastWaitsForOneThatHasStarted() throws Exception {
        var gate = new RollGate("restart consul", 1, Set.of("leader", "b"));
        gate.queued(Set.of("leader", "b"));
        gate.started("leader");
        gate.started("b");
        var leader = host(gate, "leader", true, false);
        Thread.sleep(200);
        assertFalse(leader.isDone(), "the last host went before a running participant");
        assertEquals("rolled", host(gate, "b", false, false).get(5, TimeUnit.SECONDS));
        assertEquals("rolled", leader.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("b", "leader"), order);
    }

    @Test
    void twoHostsThatBothGoLastDoNotWaitForEachOther() throws Exception {
        var gate = new RollGate("restart consul", 1, Set.of("x", "y"));
        var x = host(gate, "x", true, false);
        var y = host(gate, "y", true, false);
        assertEquals("rolled", x.get(5, TimeUnit.SECONDS));
        assertEquals("rolled", y.get(5, TimeUnit.SECONDS));
        assertEquals(1, most.get());
    }

    @Test
    void declinedHostsDoNotHoldAnyoneAndDeclineAfterLeavingIsHarmless() throws Exception {
        var gate = new RollGate("restart microservice", 1, Set.of("a", "b"));
        gate.decline("b");
        assertEquals("rolled", host(gate, "a", true, false).get(5, TimeUnit.SECONDS));
        gate.decline("a");
        assertNull(gate.stoppedAt());
    }

    @Test
    void aHostThatIsNoParticipantCannotEnter() {
        var gate = new RollGate("restart microservice", 1, Set.of("a"));
        assertThrows(IllegalStateException.class, () -> gate.enter("z", false));
        assertThrows(IllegalArgumentException.class, () -> new RollGate("h", 0, Set.of("a")));
    }

}
