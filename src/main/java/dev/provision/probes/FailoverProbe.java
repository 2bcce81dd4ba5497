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
 * replica's service is stopped, kept stopped for a while, then started again. The answers must
 * show the replica gone for that window and back after it ({@link OutageVerdict}), and every
 * request scheduled must be answered: none failed, none left unfinished, as many sent as the
 * rate and duration promise. The service is always started again.
 */
public final class FailoverProbe implements Probe {
    /** When the stop is issued, after the load starts: time to see the rotation before it. */
    static final long STOP_AFTER_MS = 3000;
    /** How long the replica stays stopped: many rotations at the load's rate, so its absence shows. */
    static final long HOLD_MS = 3000;

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
        String expected = "every request of " + o.loadRate() + " requests/s for " + Format.duration(o.loadDuration())
                + " answered; the stopped replica absent from the answers while stopped and serving again within "
                + Format.duration(o.timeout()) + " of its start";
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
        int rotationSize = catalog.instances().size();
        String name = host.name();
        Connector c = ctx.require(host);
        long t0 = System.nanoTime();
        var events = new ArrayList<Timeline.Event>();
        var details = new ArrayList<String>();
        var problems = new ArrayList<String>();
        // Written by this thread, read by the load's scheduler.
        var startedAt = new java.util.concurrent.atomic.AtomicLong(-1);
        long loadMs = o.loadDuration().toMillis();
        // Hard limit: the load, the slowest stop systemd allows us to wait for, and the timeout.
        long hardLimitMs = loadMs + 60_000 + o.timeout().toMillis();
        long stopIssued = -1;
        long stoppedAt = -1;
        long startIssued = -1;
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
            stopIssued = load.nowMs();
            events.add(new Timeline.Event(stopIssued, "systemctl stop " + unit + " on " + name));
            stopped = true;
            ExecResult stop = c.run(RemoteCommand.of("systemctl", "stop", unit).asRoot().withTimeout(Duration.ofSeconds(60)));
            stoppedAt = load.nowMs();
            events.add(new Timeline.Event(stoppedAt, name + " stopped"));
            if (!stop.ok()) problems.add("systemctl stop " + unit + " on " + name + " exited " + stop.exitStatus()
                    + ": " + stop.errorText());
            // systemd's own word, as evidence beside the answers: a stop that left the unit active did nothing.
            ExecResult state = c.run(RemoteCommand.of("systemctl", "is-active", unit).withTimeout(Duration.ofSeconds(20)));
            String active = state.stdout().strip();
            details.add("after the stop, systemctl is-active " + unit + " on " + name + ": "
                    + (active.isEmpty() ? "(exit " + state.exitStatus() + ")" : active));
            if ("active".equals(active)) problems.add("systemctl stop " + unit + " on " + name
                    + " was a no-op: the unit is still active");
            // Stay stopped long enough for the answers to show the replica gone.
            sleep(Math.max(0, stoppedAt + Math.min(HOLD_MS, loadMs / 4) - load.nowMs()));
            startIssued = load.nowMs();
            events.add(new Timeline.Event(startIssued, "systemctl start " + unit));
            ExecResult st = c.run(RemoteCommand.of("systemctl", "start", unit).asRoot().withTimeout(Duration.ofSeconds(60)));
            startedAt.set(load.nowMs());
            events.add(new Timeline.Event(startedAt.get(), name + " started"));
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
        LoadRun.Result counted = load.result();
        Timeline.Accounting acc = counted.accounting();
        List<Timeline.Sample> samples = load.samples();
        if (acc.failed() > 0) {
            var first = samples.stream().filter(s -> !s.ok()).findFirst().get();
            problems.add(acc.failed() + " of " + acc.scheduled() + " requests failed (first at "
                    + Format.millis(first.atMs()) + ")");
        }
        problems.addAll(accountingProblems(counted, o.loadRate()));
        OutageVerdict.Result outage = null;
        if (startedAt.get() >= 0) {
            outage = OutageVerdict.judge(samples, name, rotationSize,
                    new OutageVerdict.Marks(stopIssued, stoppedAt, startIssued, startedAt.get()), o.timeout().toMillis());
            problems.addAll(outage.problems());
            if (outage.lastBeforeMs() >= 0) {
                events.add(new Timeline.Event(outage.lastBeforeMs(), name + "'s last answer before the stop"));
            }
            if (outage.servedAgainMs() >= 0) events.add(new Timeline.Event(outage.servedAgainMs(), name + " served again"));
        }
        events.sort(java.util.Comparator.comparingLong(Timeline.Event::atMs));
        String absent = outage == null || outage.absent().isEmpty() ? "not shown"
                : Format.millis(outage.absent().get().lengthMs()) + " (" + Format.millis(outage.absent().get().fromMs())
                        + " to " + Format.millis(outage.absent().get().toMs()) + ")";
        String again = outage == null || outage.servedAgainMs() < 0 ? "never"
                : Format.millis(outage.servedAgainMs() - startedAt.get());
        var figures = new ArrayList<Timeline.Figure>();
        figures.add(new Timeline.Figure("requests scheduled (rate x duration)", acc.scheduled() + " (" + acc.expected() + ")"));
        figures.add(new Timeline.Figure("answered / failed / unfinished", acc.answered() + " / " + acc.failed() + " / "
                + acc.unfinished()));
        figures.add(new Timeline.Figure("sent over " + Format.millis(LoadRun.LATE_MS) + " late", String.valueOf(counted.late())));
        figures.add(new Timeline.Figure(name + " absent from the answers", absent));
        if (outage != null) {
            figures.add(new Timeline.Figure("answers while " + name + " was stopped (from " + name + ")",
                    outage.whileStopped() + " (" + outage.fromItWhileStopped() + ")"));
        }
        figures.add(new Timeline.Figure("time until " + name + " served again (after its start)", again));
        ctx.recordFailover(new Timeline(name + " stopped and started under " + o.loadRate() + " requests/s", began,
                samples, events, figures, outage == null ? List.of() : outage.absent().stream().toList(),
                java.util.Optional.of(acc)));
        details.add("unit " + unit + " on " + name + "; load " + o.loadRate() + " requests/s, each on a fresh connection");
        details.add("requests: " + acc.describe() + "; " + counted.late() + " sent over "
                + Format.millis(LoadRun.LATE_MS) + " late");
        if (outage != null) {
            details.add(name + " absent from the answers for " + absent + "; " + outage.whileStopped()
                    + " answers while it was stopped, " + outage.fromItWhileStopped() + " of them from it");
        }
        String actual = acc.scheduled() + " scheduled, " + acc.answered() + " answered, " + acc.lost() + " lost; " + name
                + " absent " + absent + ", served again " + again + (again.equals("never") ? "" : " after its start");
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected, actual, took(start),
                String.join("; ", problems), details);
    }

    /** Every request scheduled has an outcome, none unfinished, and as many were sent as rate x duration. */
    static List<String> accountingProblems(LoadRun.Result r, int rate) {
        var problems = new ArrayList<String>();
        Timeline.Accounting a = r.accounting();
        if (!a.balanced()) {
            problems.add("requests unaccounted for: " + a.describe());
        }
        if (a.unfinished() > 0) {
            problems.add(a.unfinished() + " of " + a.scheduled() + " requests unfinished when the load ended "
                    + "(queued or in flight): counted as lost");
        }
        if (a.scheduled() < a.expected()) {
            problems.add("only " + a.scheduled() + " of the " + a.expected() + " requests of " + rate + "/s for "
                    + Format.millis(r.durationMs()) + " were scheduled: the load ended early");
        }
        if (r.late() > a.scheduled() / 10) {
            problems.add(r.late() + " of " + a.scheduled() + " requests were sent over " + Format.millis(LoadRun.LATE_MS)
                    + " after their due time: the load did not run at " + rate + "/s");
        }
        return problems;
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
