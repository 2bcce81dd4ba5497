package dev.provision.probes;

import dev.provision.inventory.Host;
import dev.provision.report.Delivery;
import dev.provision.report.ProbeResult;
import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A broker restarted during a burst of events: how many are lost, measured. Core NATS delivers
 * at most once (no storage, no redelivery): an event published while a subscriber's connection
 * is down is gone for that subscriber, and one published while the publisher reconnects waits
 * in its client's buffer. So the loss is reported as a figure, not judged against zero. What is
 * judged: the restart ran, and afterwards the clients are back (a fresh batch is delivered
 * completely, in the queue group and to every replica).
 */
public final class BrokerRestartProbe implements Probe {
    /** The burst: events, at this rate, the restart issued this long after it starts. */
    static final int BURST = 300;
    static final int RATE = 100;
    static final long RESTART_AFTER_MS = 1000;
    /** The batch published after the restart to show the clients reconnected. */
    static final int CHECK = 20;

    @Override
    public String id() {
        return "broker-restart";
    }

    @Override
    public String title() {
        return "Broker restart during a burst: events lost, measured (core NATS is at-most-once); clients back after";
    }

    @Override
    public boolean disruptive() {
        return true;
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        var pair = Brokers.of(ctx.deployment(), ctx.services()).orElse(null);
        if (pair == null) {
            return ProbeResult.skipped(id(), title(), "no broker in group '" + Brokers.GROUP + "' or no '"
                    + Brokers.PUBLISHER + "' and '" + Brokers.SUBSCRIBER + "' services");
        }
        Host broker = pair.brokers().get(0);
        String sub = pair.subscriber().name();
        String restartCmd = "systemctl restart " + Brokers.UNIT;
        String expected = BURST + " events at " + RATE + "/s through the gateway, `" + restartCmd + "` on " + broker.name()
                + " " + RESTART_AFTER_MS + " ms in: events lost counted (queue group and fan-out), no promise of zero; "
                + "then a fresh batch of " + CHECK + " delivered completely";
        ConsulCatalog.Read subscribers = ConsulCatalog.passing(ctx, sub);
        if (!subscribers.ok() || subscribers.instances().isEmpty()) {
            return ProbeResult.failed(id(), title(), expected, "not measured", took(start), subscribers.ok()
                    ? "Consul lists no passing instance of " + sub : subscribers.error(), List.of());
        }
        Connector c = ctx.require(broker);
        var problems = new ArrayList<String>();
        var details = new ArrayList<String>();
        var burst = new EventBatch(ctx, pair, "restart");
        var published = new AtomicReference<EventBatch.Published>();
        long limitMs = BURST * 1000L / RATE + 30_000;
        Thread publisher = new Thread(() -> published.set(burst.publish(BURST, RATE, limitMs)), "burst-publisher");
        publisher.setDaemon(true);
        Runnable undo = ctx.pushUndo(() -> c.run(RemoteCommand.of("systemctl", "start", Brokers.UNIT).asRoot()
                .withTimeout(Duration.ofSeconds(60))));
        long t0 = System.nanoTime();
        long restartAt = -1;
        long restartedAt = -1;
        try {
            publisher.start();
            EventBatch.sleep(RESTART_AFTER_MS);
            restartAt = (System.nanoTime() - t0) / 1_000_000;
            ExecResult r = c.run(RemoteCommand.of("systemctl", "restart", Brokers.UNIT).asRoot()
                    .withTimeout(Duration.ofSeconds(60)));
            restartedAt = (System.nanoTime() - t0) / 1_000_000;
            if (!r.ok()) problems.add(restartCmd + " on " + broker.name() + " exited " + r.exitStatus() + ": " + r.errorText());
            publisher.join(limitMs + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
        } finally {
            ctx.undone(undo);
        }
        EventBatch.Published p = published.get();
        if (p == null) {
            publisher.interrupt();
            problems.add("the burst did not finish in " + (limitMs + 5_000) + " ms");
            return ProbeResult.failed(id(), title(), expected, "not measured", took(start), String.join("; ", problems),
                    details);
        }
        details.add("burst batch " + burst.batch + ": " + p.accepted().size() + " accepted, " + p.failed()
                + " not accepted, in " + p.tookMs() + " ms; " + restartCmd + " on " + broker.name() + " issued at "
                + restartAt + " ms, returned at " + restartedAt + " ms");
        p.firstFailures().forEach(f -> details.add("publish: " + f));
        // Reconnecting clients flush their buffers: give the burst the timeout to arrive.
        var got = burst.collect(subscribers.instances(), p.accepted(), 2 * ctx.options().timeout().toMillis());
        var measured = DeliveryVerdict.judge(BURST + " events, " + Brokers.UNIT + " restarted on " + broker.name()
                + " at " + restartAt + " ms", burst.batch, p.accepted(), p.failed(), got).delivery();
        ctx.recordBrokerRestart(measured);
        for (Delivery.Row row : measured.rows()) {
            details.add(row.replica() + ": queue " + row.queue() + ", fan-out " + row.fanout() + " of " + measured.published()
                    + " (" + row.fanoutMissing() + " missed)" + (row.error().isEmpty() ? "" : ": " + row.error()));
        }
        // The claim that is judged: after the restart the clients are connected again.
        var check = new EventBatch(ctx, pair, "after-restart");
        EventBatch.Published cp = check.publish(CHECK, 0, 30_000);
        var after = DeliveryVerdict.judge(CHECK + " events after the restart", check.batch, cp.accepted(), cp.failed(),
                check.collect(subscribers.instances(), cp.accepted(), 2 * ctx.options().timeout().toMillis()));
        after.problems().forEach(x -> problems.add("after the restart: " + x));
        details.add("after the restart, batch " + check.batch + ": " + cp.accepted().size() + " of " + CHECK + " accepted; "
                + (after.passed() ? "every one processed once and seen by every replica" : String.join("; ", after.problems())));
        String actual = "published " + (p.accepted().size() + p.failed()) + ": " + p.accepted().size() + " accepted, "
                + p.failed() + " refused; lost in the queue group " + measured.queueLost() + " of " + measured.published()
                + ", processed twice " + measured.queueDuplicates() + "; fan-out missed " + measured.fanoutLost()
                + " deliveries over " + measured.rows().size() + " replicas; after the restart "
                + (after.passed() ? "delivered completely" : "not delivered completely");
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected, actual, took(start), String.join("; ", problems),
                details);
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
