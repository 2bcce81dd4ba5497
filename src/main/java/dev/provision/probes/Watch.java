package dev.provision.probes;

import dev.provision.report.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Watches the balancer while something changes: sends requests one after another (paced),
 * records every answer on a common clock, and waits, bounded in time and count, for a
 * condition on the answers seen.
 */
final class Watch {
    private final ProbeContext ctx;
    private final ReplicaNames names;
    private final long t0 = System.nanoTime();
    private final Instant start = Instant.now();
    private final List<Timeline.Sample> samples = new ArrayList<>();
    private final List<Timeline.Event> events = new ArrayList<>();

    Watch(ProbeContext ctx) {
        this.ctx = ctx;
        this.names = new ReplicaNames(ctx.replicas());
    }

    long nowMs() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    Instant start() {
        return start;
    }

    void event(String label) {
        events.add(new Timeline.Event(nowMs(), label));
    }

    void eventAt(long atMs, String label) {
        events.add(new Timeline.Event(atMs, label));
    }

    /** One request through the balancer, recorded. */
    Timeline.Sample request() {
        long at = nowMs();
        HttpAnswer a = ctx.balancer().get();
        var who = names.of(a);
        var s = new Timeline.Sample(at, who.orElse(null), who.isPresent());
        samples.add(s);
        return s;
    }

    /**
     * Sends requests until {@code done} holds for the samples sent since this call, or the
     * timeout passes.
     *
     * @return true when the condition held in time
     */
    boolean until(Predicate<List<Timeline.Sample>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = samples.size();
        // Bounded in count as well as in time, even with no pacing.
        long maxRequests = Math.max(100, timeout.toMillis() / Math.max(1, ctx.options().pacing().toMillis()) + 100);
        for (long i = 0; i < maxRequests && System.nanoTime() < deadline; i++) {
            request();
            if (done.test(samples.subList(from, samples.size()))) return true;
            pause();
        }
        return false;
    }

    private void pause() {
        long ms = ctx.options().pacing().toMillis();
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while watching the balancer", e);
        }
    }

    List<Timeline.Sample> samples() {
        return samples;
    }

    long failed() {
        return samples.stream().filter(s -> !s.ok()).count();
    }

    /** Requests go one after another and each is waited for: every one sent has an outcome. */
    Timeline.Accounting accounting() {
        long failed = failed();
        return new Timeline.Accounting(samples.size(), -1, samples.size() - failed, failed, 0);
    }

    Timeline timeline(String title, List<Timeline.Figure> figures, List<Timeline.Window> windows) {
        var ordered = new ArrayList<>(events);
        ordered.sort(java.util.Comparator.comparingLong(Timeline.Event::atMs));
        return new Timeline(title, start, samples, ordered, figures, windows, java.util.Optional.of(accounting()));
    }
}
