package dev.provision.probes;

import dev.provision.inventory.Host;
import dev.provision.report.Format;
import dev.provision.report.ProbeResult;
import dev.provision.report.Timeline;
import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Nothing is lost when a replica stops: under a bounded load through the balancer, one
 * replica's service is stopped, then started again. Every request must succeed, and the
 * replica must serve again within the timeout. The service is always started again.
 */
public final class FailoverProbe implements Probe {
    /** When the stop is issued, after the load starts: time to see the rotation before it. */
    static final long STOP_AFTER_MS = 3000;

    @Override
    public String id() {
        return "failover";
    }

    @Override
    public String title() {
        return "Failover: no request lost while a replica stops and starts again";
    }

    @Override
    public boolean disruptive() {
        return true;
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        var o = ctx.options();
        String unit = ctx.deployment().serviceName();
        String expected = "0 failed requests at " + o.loadRate() + " requests/s for " + Format.duration(o.loadDuration())
                + "; the stopped replica serves again within " + Format.duration(o.timeout()) + " of its start";
        ConsulCatalog.Read catalog = ConsulCatalog.passing(ctx);
        if (!catalog.ok()) {
            return ProbeResult.failed(id(), title(), expected, "not measured", took(start), catalog.error(), List.of());
        }
        Host host = ctx.replicas().stream().filter(h -> catalog.nodes().contains(h.name())).findFirst().orElse(null);
        if (host == null || catalog.instances().size() < 2) {
            return ProbeResult.failed(id(), title(), expected, "not measured", took(start),
                    "needs at least 2 passing replicas (one stops, the others serve); Consul lists "
                            + catalog.instances().size(), List.of());
        }
        String name = host.name();
        Connector c = ctx.require(host);
        long t0 = System.nanoTime();
        var events = new ArrayList<Timeline.Event>();
        var details = new ArrayList<String>();
        var problems = new ArrayList<String>();
        // Written by this thread, read by the load's scheduler.
        var startedAt = new java.util.concurrent.atomic.AtomicLong(-1);
        long[] servedAgainAt = {-1};
        long loadMs = o.loadDuration().toMillis();
        // Hard limit: the load, the slowest stop systemd allows us to wait for, and the timeout.
        long hardLimitMs = loadMs + 60_000 + o.timeout().toMillis();
        boolean stopped = false;
        boolean restarted = false;
        LoadRun load = new LoadRun(ctx, t0, o.loadRate(), loadMs, hardLimitMs,
                // Past its duration, the load goes on until the replica has served again (or the timeout).
                sofar -> startedAt.get() < 0 || (servedAgain(sofar, name, startedAt.get()) < 0
                        && (System.nanoTime() - t0) / 1_000_000 < startedAt.get() + o.timeout().toMillis()));
        java.time.Instant began = java.time.Instant.now();
        Runnable undo = ctx.pushUndo(() -> c.run(RemoteCommand.of("systemctl", "start", unit).asRoot()
                .withTimeout(Duration.ofSeconds(60))));
        try {
            load.start();
            sleep(Math.min(STOP_AFTER_MS, loadMs / 4));
            events.add(new Timeline.Event(load.nowMs(), "systemctl stop " + unit + " on " + name));
            stopped = true;
            ExecResult stop = c.run(RemoteCommand.of("systemctl", "stop", unit).asRoot().withTimeout(Duration.ofSeconds(60)));
            events.add(new Timeline.Event(load.nowMs(), name + " stopped"));
            if (!stop.ok()) problems.add("systemctl stop " + unit + " on " + name + " exited " + stop.exitStatus()
                    + ": " + stop.errorText());
            events.add(new Timeline.Event(load.nowMs(), "systemctl start " + unit));
            ExecResult st = c.run(RemoteCommand.of("systemctl", "start", unit).asRoot().withTimeout(Duration.ofSeconds(60)));
            startedAt.set(load.nowMs());
            restarted = st.ok();
            if (!st.ok()) problems.add("systemctl start " + unit + " on " + name + " exited " + st.exitStatus() + ": "
                    + st.errorText());
            load.awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
        } finally {
            load.close();
            if (stopped && !restarted) {
                // Leave the deployment as found, even when the probe failed half-way.
                ExecResult again = c.run(RemoteCommand.of("systemctl", "start", unit).asRoot()
                        .withTimeout(Duration.ofSeconds(60)));
                details.add("restored: systemctl start " + unit + " on " + name + " exited " + again.exitStatus());
            }
            ctx.undone(undo);
        }
        List<Timeline.Sample> samples = load.samples();
        long failed = samples.stream().filter(s -> !s.ok()).count();
        servedAgainAt[0] = startedAt.get() < 0 ? -1 : servedAgain(samples, name, startedAt.get());
        if (servedAgainAt[0] >= 0) events.add(new Timeline.Event(servedAgainAt[0], name + " served again"));
        if (failed > 0) {
            var first = samples.stream().filter(s -> !s.ok()).findFirst().get();
            problems.add(failed + " of " + samples.size() + " requests failed (first at " + Format.millis(first.atMs())
                    + ")");
        }
        if (startedAt.get() >= 0 && servedAgainAt[0] < 0) {
            problems.add(name + " did not serve again within " + Format.duration(o.timeout()) + " of its start");
        }
        String again = servedAgainAt[0] < 0 ? "never" : Format.millis(servedAgainAt[0] - startedAt.get());
        var figures = List.of(
                new Timeline.Figure("requests sent", String.valueOf(samples.size())),
                new Timeline.Figure("requests failed", String.valueOf(failed)),
                new Timeline.Figure("time until " + name + " served again (after its start)", again));
        ctx.recordFailover(new Timeline(name + " stopped and started under " + o.loadRate() + " requests/s", began,
                samples, events, figures));
        details.add("unit " + unit + " on " + name + "; load " + o.loadRate() + " requests/s, each on a fresh connection");
        String actual = samples.size() + " sent, " + failed + " failed; " + name + " served again " + again
                + (servedAgainAt[0] < 0 ? "" : " after its start");
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected, actual, took(start),
                String.join("; ", problems), details);
    }

    /** The time of the first good answer from {@code name} sent after {@code afterMs}, or -1. */
    private static long servedAgain(List<Timeline.Sample> samples, String name, long afterMs) {
        for (var s : samples) {
            if (s.atMs() >= afterMs && s.ok() && name.equals(s.replica())) return s.atMs();
        }
        return -1;
    }

    private static void sleep(long ms) throws InterruptedException {
        if (ms > 0) Thread.sleep(ms);
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
