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
 * Membership follows Consul without touching the balancer: one replica's service is put into
 * Consul maintenance mode, and the balancer must stop sending it requests; taken out again, it
 * must come back into the strict rotation. Both delays are measured from the moment the
 * maintenance command completed to the moment the answers showed the new state; either past
 * the timeout fails, and so does any failed request meanwhile. Maintenance is always switched
 * off again before returning.
 */
public final class MaintenanceProbe implements Probe {
    @Override
    public String id() {
        return "maintenance";
    }

    @Override
    public String title() {
        return "Dynamic membership: a replica in Consul maintenance leaves the rotation and comes back";
    }

    @Override
    public boolean disruptive() {
        return true;
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        Duration timeout = ctx.options().timeout();
        ConsulCatalog.Read catalog = ConsulCatalog.passing(ctx);
        String expected = "in the strict rotation before, out of it and back in it, each within "
                + Format.duration(timeout) + " of the maintenance command; no failed request";
        if (!catalog.ok()) {
            return ProbeResult.failed(id(), title(), expected, "not measured", took(start), catalog.error(), List.of());
        }
        if (catalog.instances().size() < 2) {
            return ProbeResult.failed(id(), title(), expected, "not measured", took(start),
                    "needs at least 2 passing replicas (one leaves, the others keep serving); Consul lists "
                            + catalog.instances().size(), List.of());
        }
        // The last passing replica in inventory order: stable from run to run.
        ConsulCatalog.Instance target = null;
        Host host = null;
        for (Host h : ctx.replicas()) {
            for (var i : catalog.instances()) {
                if (i.node().equals(h.name())) {
                    target = i;
                    host = h;
                }
            }
        }
        if (host == null) {
            return ProbeResult.failed(id(), title(), expected, "not measured", took(start),
                    "no passing instance belongs to an inventory replica", List.of());
        }
        int k = catalog.instances().size();
        int others = k - 1;
        // Out of rotation = this many answers in a row without it: two full turns of the others.
        int streak = 2 * others + 1;
        Connector c = ctx.require(host);
        String consul = ctx.deployment().consulBin();
        String serviceId = target.serviceId();
        String name = host.name();
        var watch = new Watch(ctx);
        var details = new ArrayList<String>();
        var problems = new ArrayList<String>();
        boolean enabled = false;
        Runnable undo = ctx.pushUndo(() -> c.run(RemoteCommand.of(consul, "maint", "-disable", "-service=" + serviceId)
                .withTimeout(Duration.ofSeconds(20))));
        long enabledAt = -1;
        long outMs = -1;
        long backMs = -1;
        long lastAnswer = -1;
        long backFrom = -1;
        try {
            // First the replica must be seen in the rotation: leaving it proves nothing otherwise.
            if (!watch.until(s -> strictCycles(s, name, k), timeout)) {
                ctx.undone(undo);
                return done(ctx, watch, name, serviceId, streak, -1, -1, -1, -1, details, List.of(name
                        + " was not in a strict rotation of " + k + " replicas before maintenance (two full cycles "
                        + "including it within " + Format.duration(timeout) + ")"), expected, start);
            }
            watch.event(name + " in the strict rotation");
            ExecResult on = c.run(RemoteCommand.of(consul, "maint", "-enable", "-service=" + serviceId,
                    "-reason=provision verify").withTimeout(Duration.ofSeconds(20)));
            if (!on.ok()) {
                ctx.undone(undo);
                return ProbeResult.failed(id(), title(), expected, "maintenance could not be enabled", took(start),
                        "consul maint -enable on " + name + " exited " + on.exitStatus() + ": " + on.errorText(),
                        List.of());
            }
            enabled = true;
            // The change took effect when the command completed: every time counts from here.
            enabledAt = watch.nowMs();
            watch.eventAt(enabledAt, "maintenance on for " + serviceId + " (command completed)");
            if (watch.until(s -> tailWithout(s, name, streak), timeout)) {
                long seen = watch.nowMs();
                outMs = seen - enabledAt;
                lastAnswer = lastAnswerOf(watch.samples(), name);
                if (lastAnswer >= 0) watch.eventAt(lastAnswer, name + "'s last answer");
                watch.eventAt(seen, name + " out of rotation (" + streak + " answers in a row without it)");
            } else {
                problems.add(name + " still got requests " + Format.duration(timeout) + " after maintenance was enabled");
            }

            ExecResult off = c.run(RemoteCommand.of(consul, "maint", "-disable", "-service=" + serviceId)
                    .withTimeout(Duration.ofSeconds(20)));
            if (!off.ok()) {
                problems.add("consul maint -disable on " + name + " exited " + off.exitStatus() + ": " + off.errorText());
            } else {
                enabled = false;
                long disabledAt = watch.nowMs();
                watch.eventAt(disabledAt, "maintenance off (command completed)");
                if (watch.until(s -> strictCycles(s, name, k), timeout)) {
                    long seen = watch.nowMs();
                    backMs = seen - disabledAt;
                    backFrom = firstAnswerAfter(watch.samples(), name, disabledAt);
                    if (backFrom >= 0) watch.eventAt(backFrom, name + "'s first answer again");
                    watch.eventAt(seen, name + " back in the strict rotation (two full cycles of " + k + ")");
                } else {
                    problems.add(name + " not back in the strict rotation (two full cycles of " + k + " including it) "
                            + Format.duration(timeout) + " after maintenance was disabled");
                }
            }
        } finally {
            if (enabled) {
                // The probe must leave the deployment as it found it, whatever happened above.
                ExecResult off = c.run(RemoteCommand.of(consul, "maint", "-disable", "-service=" + serviceId)
                        .withTimeout(Duration.ofSeconds(20)));
                details.add("restored: consul maint -disable on " + name + " exited " + off.exitStatus());
            }
            ctx.undone(undo);
        }
        return done(ctx, watch, name, serviceId, streak, outMs, backMs, lastAnswer, backFrom, details, problems, expected,
                start);
    }

    /** Records the timeline and judges: any failed request fails the probe, whatever else held. */
    private ProbeResult done(ProbeContext ctx, Watch watch, String name, String serviceId, int streak, long outMs,
            long backMs, long lastAnswer, long backFrom, List<String> details, List<String> found, String expected,
            long start) {
        Duration timeout = ctx.options().timeout();
        var problems = new ArrayList<>(found);
        long failed = watch.failed();
        if (failed > 0) {
            var first = watch.samples().stream().filter(s -> !s.ok()).findFirst().get();
            problems.add(failed + " of " + watch.samples().size() + " requests failed while " + name
                    + " left and rejoined (first at " + Format.millis(first.atMs()) + ")");
        }
        var figures = List.of(
                new Timeline.Figure("time until " + name + " was out of rotation (from the command's completion)",
                        outMs < 0 ? "not within " + Format.duration(timeout) : Format.millis(outMs)),
                new Timeline.Figure("time until " + name + " was back in the strict rotation (from the command's completion)",
                        backMs < 0 ? "not within " + Format.duration(timeout) : Format.millis(backMs)),
                new Timeline.Figure("requests sent / failed meanwhile", watch.samples().size() + " / " + failed));
        var windows = new ArrayList<Timeline.Window>();
        if (lastAnswer >= 0 && backFrom >= 0) windows.add(new Timeline.Window(name + " out of rotation", lastAnswer, backFrom));
        ctx.recordMaintenance(watch.timeline(name + " (" + serviceId + ") put into Consul maintenance, then taken out",
                figures, windows));
        var all = new ArrayList<>(details);
        all.add("out of rotation = " + streak + " answers in a row from other replicas; back = two full strict cycles "
                + "including it; both timed from the maintenance command's completion to the answer that showed it");
        all.add("requests: " + watch.accounting().describe());
        String actual = "out of rotation after " + (outMs < 0 ? "-" : Format.millis(outMs)) + ", back after "
                + (backMs < 0 ? "-" : Format.millis(backMs)) + "; " + watch.samples().size() + " requests, " + failed
                + " failed";
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected, actual, took(start), String.join("; ", problems),
                all);
    }

    /**
     * The last {@code 2k} samples are two identical cycles of {@code k} distinct replicas that
     * include {@code replica}, all answered: it is in the strict rotation, not just answering once.
     */
    static boolean strictCycles(List<Timeline.Sample> s, String replica, int k) {
        if (s.size() < 2 * k) return false;
        var tail = s.subList(s.size() - 2 * k, s.size());
        var cycle = new java.util.LinkedHashSet<String>();
        for (int i = 0; i < 2 * k; i++) {
            Timeline.Sample x = tail.get(i);
            if (!x.ok() || x.replica() == null) return false;
            if (i < k) cycle.add(x.replica());
            else if (!x.replica().equals(tail.get(i - k).replica())) return false;
        }
        return cycle.size() == k && cycle.contains(replica);
    }

    /** The last {@code n} samples all came from other replicas. */
    static boolean tailWithout(List<Timeline.Sample> s, String replica, int n) {
        if (s.size() < n) return false;
        for (int i = s.size() - n; i < s.size(); i++) {
            if (!s.get(i).ok() || replica.equals(s.get(i).replica())) return false;
        }
        return true;
    }

    private static long lastAnswerOf(List<Timeline.Sample> s, String replica) {
        for (int i = s.size() - 1; i >= 0; i--) if (replica.equals(s.get(i).replica())) return s.get(i).atMs();
        return -1;
    }

    private static long firstAnswerAfter(List<Timeline.Sample> s, String replica, long afterMs) {
        for (var x : s) if (x.atMs() >= afterMs && replica.equals(x.replica())) return x.atMs();
        return -1;
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
