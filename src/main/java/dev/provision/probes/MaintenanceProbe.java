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
 * must come back into the rotation. Both delays are measured; either past the timeout fails.
 * Maintenance is always switched off again before returning.
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
        String expected = "out of rotation and back, each within " + Format.duration(timeout);
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
        int others = catalog.instances().size() - 1;
        // Out of rotation = this many answers in a row without it: two full turns of the others.
        int streak = 2 * others + 1;
        Connector c = ctx.require(host);
        String consul = ctx.deployment().consulBin();
        String serviceId = target.serviceId();
        String name = host.name();
        var watch = new Watch(ctx);
        var details = new ArrayList<String>();
        boolean enabled = false;
        Runnable undo = ctx.pushUndo(() -> c.run(RemoteCommand.of(consul, "maint", "-disable", "-service=" + serviceId)
                .withTimeout(Duration.ofSeconds(20))));
        long outMs = -1;
        long backMs = -1;
        String problem = "";
        try {
            ExecResult on = c.run(RemoteCommand.of(consul, "maint", "-enable", "-service=" + serviceId,
                    "-reason=provision verify").withTimeout(Duration.ofSeconds(20)));
            if (!on.ok()) {
                ctx.undone(undo);
                return ProbeResult.failed(id(), title(), expected, "maintenance could not be enabled", took(start),
                        "consul maint -enable on " + name + " exited " + on.exitStatus() + ": " + on.errorText(),
                        List.of());
            }
            enabled = true;
            long enabledAt = watch.nowMs();
            watch.event("maintenance on for " + serviceId);
            boolean out = watch.until(s -> tailWithout(s, name, streak), timeout);
            if (out) {
                long firstWithout = firstOfTail(watch.samples(), name, streak);
                outMs = Math.max(0, firstWithout - enabledAt);
                watch.eventAt(firstWithout, name + " out of rotation");
            } else {
                problem = name + " still got requests " + Format.duration(timeout) + " after maintenance was enabled";
            }

            ExecResult off = c.run(RemoteCommand.of(consul, "maint", "-disable", "-service=" + serviceId)
                    .withTimeout(Duration.ofSeconds(20)));
            if (!off.ok()) {
                problem = join(problem, "consul maint -disable on " + name + " exited " + off.exitStatus() + ": "
                        + off.errorText());
            } else {
                enabled = false;
                long disabledAt = watch.nowMs();
                watch.event("maintenance off");
                boolean back = watch.until(s -> !s.isEmpty() && name.equals(s.get(s.size() - 1).replica()), timeout);
                if (back) {
                    long at = watch.samples().get(watch.samples().size() - 1).atMs();
                    backMs = at - disabledAt;
                    watch.eventAt(at, name + " back in rotation");
                } else {
                    problem = join(problem, name + " not back in rotation " + Format.duration(timeout)
                            + " after maintenance was disabled");
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
        var figures = List.of(
                new Timeline.Figure("time until " + name + " was out of rotation", outMs < 0 ? "not within "
                        + Format.duration(timeout) : Format.millis(outMs)),
                new Timeline.Figure("time until " + name + " was back in rotation", backMs < 0 ? "not within "
                        + Format.duration(timeout) : Format.millis(backMs)),
                new Timeline.Figure("requests sent / failed meanwhile", watch.samples().size() + " / " + watch.failed()));
        ctx.recordMaintenance(watch.timeline(name + " (" + serviceId + ") put into Consul maintenance, then taken out",
                figures));
        details.add("out of rotation = " + streak + " answers in a row from other replicas");
        details.add(watch.samples().size() + " requests sent while watching, " + watch.failed() + " failed");
        String actual = "out of rotation after " + (outMs < 0 ? "-" : Format.millis(outMs)) + ", back after "
                + (backMs < 0 ? "-" : Format.millis(backMs));
        return ProbeResult.of(problem.isEmpty(), id(), title(), expected, actual, took(start), problem, details);
    }

    /** The last {@code n} samples all came from other replicas. */
    static boolean tailWithout(List<Timeline.Sample> s, String replica, int n) {
        if (s.size() < n) return false;
        for (int i = s.size() - n; i < s.size(); i++) {
            if (!s.get(i).ok() || replica.equals(s.get(i).replica())) return false;
        }
        return true;
    }

    private static long firstOfTail(List<Timeline.Sample> s, String replica, int n) {
        int i = s.size() - n;
        // Extend the streak backwards: it began right after the replica's last answer.
        while (i > 0 && s.get(i - 1).ok() && !replica.equals(s.get(i - 1).replica())) i--;
        return s.get(i).atMs();
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
