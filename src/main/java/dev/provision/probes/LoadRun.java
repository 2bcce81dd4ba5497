package dev.provision.probes;

import dev.provision.report.Timeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bounded, paced load through the balancer: one request every 1/rate seconds, each on its own
 * worker so a slow answer does not delay the schedule. It runs for its duration, and longer
 * while {@code keepGoing} says so (asked with the samples so far), but never past {@code maxRequests} or {@code hardLimitMs}.
 *
 * <p>Every request scheduled is kept from the moment it is scheduled, so when the load ends each
 * one is accounted for: answered, failed, or unfinished (still queued or in flight), never dropped.
 */
final class LoadRun implements AutoCloseable {
    /** A request sent more than this after its due time did not test the balancer at the rate asked. */
    static final long LATE_MS = 1000;

    private final ProbeContext ctx;
    private final ReplicaNames names;
    private final long t0;
    private final int rate;
    private final long durationMs;
    private final ExecutorService workers;
    private final Thread scheduler;
    private volatile boolean stopRequested;

    // Guarded by this.
    private final List<Request> requests = new ArrayList<>();
    private boolean closed;

    /** One scheduled request and what became of it. */
    private static final class Request {
        final long dueMs;
        long sentMs = -1;
        Timeline.Sample outcome;

        Request(long dueMs) {
            this.dueMs = dueMs;
        }
    }

    /**
     * What the load did, once it ended.
     *
     * @param accounting every scheduled request's outcome
     * @param late requests sent more than {@link #LATE_MS} after their due time
     * @param durationMs how long the load was to run at least (its expected count is rate x this)
     */
    record Result(Timeline.Accounting accounting, long late, long durationMs) {}

    LoadRun(ProbeContext ctx, long t0, int rate, long durationMs, long hardLimitMs,
            Predicate<List<Timeline.Sample>> keepGoing) {
        this.ctx = ctx;
        this.names = new ReplicaNames(ctx.replicas());
        this.t0 = t0;
        this.rate = Math.max(1, rate);
        this.durationMs = durationMs;
        // Enough workers for every request that can be in flight at once (rate x request timeout).
        int threads = (int) Math.min(64, Math.max(4, rate * Math.max(1, ctx.options().requestTimeout().toSeconds())));
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            var t = new Thread(r, "load-worker");
            t.setDaemon(true);
            return t;
        });
        long periodNanos = 1_000_000_000L / this.rate;
        long maxRequests = (long) this.rate * Math.max(1, hardLimitMs / 1000 + 1);
        this.scheduler = new Thread(() -> {
            for (long i = 0; i < maxRequests && !stopRequested; i++) {
                long due = t0 + i * periodNanos;
                long elapsedMs = (due - t0) / 1_000_000;
                if (elapsedMs >= hardLimitMs) break;
                if (elapsedMs >= durationMs && !keepGoing.test(samples())) break;
                sleepUntil(due);
                var r = new Request(elapsedMs);
                synchronized (this) {
                    if (closed) break;
                    requests.add(r);
                }
                try {
                    workers.submit(() -> one(r));
                } catch (RejectedExecutionException shutDown) {
                    break; // the load was closed: r stays unfinished, and is counted so
                }
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

    private void one(Request r) {
        synchronized (this) {
            if (closed) return;
            r.sentMs = nowMs();
        }
        HttpAnswer a = ctx.balancer().get();
        var who = names.of(a);
        synchronized (this) {
            // An answer that comes after the load ended is not counted: the request stays unfinished.
            if (!closed) r.outcome = new Timeline.Sample(r.sentMs, who.orElse(null), who.isPresent());
        }
    }

    /** Waits for the schedule to end and every request in flight to finish (bounded by the request timeout). */
    void awaitEnd() throws InterruptedException {
        scheduler.join();
        workers.shutdown();
        workers.awaitTermination(ctx.options().requestTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
    }

    /** The answers so far (and failures), in the order they were sent. */
    synchronized List<Timeline.Sample> samples() {
        var copy = new ArrayList<Timeline.Sample>();
        for (Request r : requests) if (r.outcome != null) copy.add(r.outcome);
        copy.sort(Comparator.comparingLong(Timeline.Sample::atMs));
        return copy;
    }

    /** Ends the load (if not ended) and counts what became of every request scheduled. */
    Result result() {
        close();
        synchronized (this) {
            long answered = 0;
            long failed = 0;
            long unfinished = 0;
            long late = 0;
            for (Request r : requests) {
                if (r.outcome == null) unfinished++;
                else if (r.outcome.ok()) answered++;
                else failed++;
                if (r.sentMs >= 0 && r.sentMs - r.dueMs > LATE_MS) late++;
            }
            // What the schedule promised; whether requests went out on time is what "late" counts.
            long expected = (long) Math.ceil(rate * durationMs / 1000.0);
            return new Result(new Timeline.Accounting(requests.size(), expected, answered, failed, unfinished), late,
                    durationMs);
        }
    }

    @Override
    public void close() {
        stopRequested = true;
        synchronized (this) {
            closed = true;
        }
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
