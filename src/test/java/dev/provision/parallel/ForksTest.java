package dev.provision.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForksTest {
    @Test
    void resultsComeInTheItemsOrderWhateverOrderTheyFinishIn() {
        var lastStarted = new CountDownLatch(1);
        List<String> results = Forks.map(List.of("slow", "b", "c"), 3, s -> {
            if (s.equals("slow")) await(lastStarted);
            if (s.equals("c")) lastStarted.countDown();
            return s.toUpperCase();
        }, (s, e) -> "error");
        assertEquals(List.of("SLOW", "B", "C"), results);
    }

    @Test
    void aFailingItemBecomesItsOwnResultAndHidesNoOther() {
        var seen = Collections.synchronizedList(new ArrayList<String>());
        List<String> results = Forks.map(List.of("a", "boom", "c"), 2, s -> {
            if (s.equals("boom")) throw new IllegalStateException("broken host");
            return s;
        }, (s, e) -> s + ": " + e.getMessage(), seen::add);
        assertEquals(List.of("a", "boom: broken host", "c"), results);
        assertEquals(3, seen.size(), "onEach is told of every result, the failed one too");
    }

    @Test
    void neverMoreTasksAtOnceThanForks() {
        var active = new AtomicInteger();
        var most = new AtomicInteger();
        // Pairs of tasks meet at the barrier: two forks are enough, and a third would be seen.
        var pair = new CyclicBarrier(2);
        Forks.map(List.of(1, 2, 3, 4, 5, 6), 2, i -> {
            most.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                pair.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            active.decrementAndGet();
            return i;
        }, (i, e) -> { throw e; });
        assertEquals(2, most.get());
    }

    @Test
    void anInterruptedCallerFailsTheRunAndStopsTheWorkers() throws InterruptedException {
        var started = new CountDownLatch(1);
        var stopped = new CountDownLatch(1);
        Thread.currentThread().interrupt();
        var e = assertThrows(ProvisionException.class, () -> Forks.map(List.of("hangs"), 1, s -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException stop) {
                stopped.countDown();
            }
            return s;
        }, (s, x) -> s));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertTrue(stopped.await(30, TimeUnit.SECONDS) || !started.await(0, TimeUnit.SECONDS), "a started worker is interrupted");
    }

    @Test
    void noItemsNoThreadsAndForksBelowOneIsABug() {
        assertEquals(List.of(), Forks.map(List.<String>of(), 1, s -> s, (s, e) -> s));
        assertThrows(IllegalArgumentException.class, () -> Forks.map(List.of("a"), 0, s -> s, (s, e) -> s));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
