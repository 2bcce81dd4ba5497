package dev.provision.probes;

import dev.provision.report.Delivery;
import dev.provision.report.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publish/subscribe through the broker: N events published through the gateway reach the
 * subscriber replicas, each processed exactly once in the queue group (none lost, none twice,
 * spread over the replicas) and each seen by every replica as a plain subscriber (fan-out); the
 * publish-to-delivery latency is measured (p50, p99).
 */
public final class PubSubProbe implements Probe {
    /** Events per run: enough that each of many replicas gets a share, few enough to take seconds. */
    static final int EVENTS = 200;
    /** Publishing stops here whatever happens. */
    static final long PUBLISH_LIMIT_MS = 30_000;

    @Override
    public String id() {
        return "publish-subscribe";
    }

    @Override
    public String title() {
        return "Publish/subscribe: each event processed once in the queue group, seen by every replica";
    }

    /** A traffic measurement: asked again it would publish another batch, and prove nothing more. */
    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        var pair = Brokers.of(ctx.deployment(), ctx.services()).orElse(null);
        if (pair == null) {
            return ProbeResult.skipped(id(), title(), "no broker in group '" + Brokers.GROUP + "' or no '"
                    + Brokers.PUBLISHER + "' and '" + Brokers.SUBSCRIBER + "' services");
        }
        String sub = pair.subscriber().name();
        String expected = EVENTS + " events POSTed to " + pair.publishPath() + " through the gateway: each processed by "
                + "exactly one " + sub + " replica (queue group), spread over all, and seen by every " + sub
                + " replica (fan-out)";
        ConsulCatalog.Read subscribers = ConsulCatalog.passing(ctx, sub);
        if (!subscribers.ok() || subscribers.instances().isEmpty()) {
            return ProbeResult.failed(id(), title(), expected, "not measured", took(start), subscribers.ok()
                    ? "Consul lists no passing instance of " + sub : subscribers.error(), List.of());
        }
        var batch = new EventBatch(ctx, pair, "verify");
        EventBatch.Published p = batch.publish(EVENTS, 0, PUBLISH_LIMIT_MS);
        var got = batch.collect(subscribers.instances(), p.accepted(), ctx.options().timeout().toMillis());
        var verdict = DeliveryVerdict.judge(EVENTS + " events through the gateway", batch.batch, p.accepted(), p.failed(),
                got, batch.readOutside(pair.subscriber(), subscribers.instances()));
        Delivery d = verdict.delivery();
        ctx.recordDelivery(d);
        var details = new ArrayList<String>();
        details.add("batch " + batch.batch + ": " + p.accepted().size() + " accepted, " + p.failed() + " not, published in "
                + p.tookMs() + " ms");
        p.firstFailures().forEach(f -> details.add("publish: " + f));
        for (Delivery.Row r : d.rows()) {
            details.add(r.replica() + ": queue " + r.queue() + ", fan-out " + r.fanout() + " of " + d.published()
                    + (r.error().isEmpty() ? "" : " (" + r.error() + ")"));
        }
        details.add("queue-group latency " + d.queueLatency().describe());
        details.add("fan-out latency " + d.fanoutLatency().describe());
        String actual = d.published() + " accepted; queue: " + String.join(", ", d.rows().stream()
                .map(r -> r.replica() + " " + r.queue()).toList()) + " (" + d.queueLost() + " lost, "
                + d.queueDuplicates() + " twice); fan-out: " + String.join(", ", d.rows().stream()
                        .map(r -> r.replica() + " " + r.fanout()).toList())
                + "; latency queue p50 " + d.queueLatency().p50() + " ms p99 " + d.queueLatency().p99() + " ms, fan-out p50 "
                + d.fanoutLatency().p50() + " ms p99 " + d.fanoutLatency().p99() + " ms";
        return ProbeResult.of(verdict.passed(), id(), title(), expected, actual, took(start),
                String.join("; ", verdict.problems()), details);
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
