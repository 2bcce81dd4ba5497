package dev.provision.probes;

import dev.provision.report.Timeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bounded, paced load through the balancer: one request every 1/rate seconds, each on its own
 * worker so a slow answer does not delay the schedule. It runs for its duration, and longer
 * while {@code keepGoing} says so (asked with the samples so far), but never past {@code maxRequests} or {@code hardLimitMs}.
 */
final class LoadRun implements AutoCloseable {
    private final ProbeContext ctx;
    private final ReplicaNames names;
    private final long t0;
    private final List<Timeline.Sample> samples = new ArrayList<>();
    private final ExecutorService workers;
    private final Thread scheduler;
    private volatile boolean stopRequested;

    LoadRun(ProbeContext ctx, long t0, int rate, long durationMs, long hardLimitMs,
            Predicate<List<Timeline.Sample>> keepGoing) {
        this.ctx = ctx;
        this.names = new ReplicaNames(ctx.replicas());
        this.t0 = t0;
        // Enough workers for every request that can be in flight at once (rate x request timeout).
        int threads = (int) Math.min(64, Math.max(4, rate * Math.max(1, ctx.options().requestTimeout().toSeconds())));
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            var t = new Thread(r, "load-worker");
            t.setDaemon(true);
            return t;
        });
        long periodNanos = 1_000_000_000L / Math.max(1, rate);
        long maxRequests = (long) rate * Math.max(1, hardLimitMs / 1000 + 1);
        this.scheduler = new Thread(() -> {
            for (long i = 0; i < maxRequests && !stopRequested; i++) {
                long due = t0 + i * periodNanos;
                long elapsedMs = (due - t0) / 1_000_000;
                if (elapsedMs >= hardLimitMs) break;
                if (elapsedMs >= durationMs && !keepGoing.test(samples())) break;
                sleepUntil(due);
                workers.submit(this::one);
            }
        }, "load-scheduler");
        scheduler.setDaemon(true);
    }

    void start() {
        scheduler.start();
    }

    long nowMs() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private void one() {
        long at = nowMs();
        HttpAnswer a = ctx.balancer().get();
        var who = names.of(a);
        synchronized (samples) {
            samples.add(new Timeline.Sample(at, who.orElse(null), who.isPresent()));
        }
    }

    /** Waits for the schedule to end and every request in flight to finish. */
    void awaitEnd() throws InterruptedException {
        scheduler.join();
        workers.shutdown();
        workers.awaitTermination(ctx.options().requestTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
    }

    /** The samples so far, in the order they were sent. */
    List<Timeline.Sample> samples() {
        synchronized (samples) {
            var copy = new ArrayList<>(samples);
            copy.sort(Comparator.comparingLong(Timeline.Sample::atMs));
            return copy;
        }
    }

    @Override
    public void close() {
        stopRequested = true;
        workers.shutdownNow();
    }

    private static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left <= 0) return;
        try {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
