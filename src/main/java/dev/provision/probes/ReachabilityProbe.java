package dev.provision.probes;

import dev.provision.inventory.Host;
import dev.provision.report.ProbeResult;
import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every inventory host answers over SSH: connected, authenticated, and runs a command. */
public final class ReachabilityProbe implements Probe {
    @Override
    public String id() {
        return "reachability";
    }

    @Override
    public String title() {
        return "Every host answers over SSH";
    }

    /** Connections are opened once, before the probes: asking again would not reconnect. */
    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        List<Host> hosts = ctx.inventory().hosts();
        var details = new ArrayList<String>();
        var down = new ArrayList<String>();
        for (Host h : hosts) {
            var c = ctx.connector(h);
            if (c.isEmpty()) {
                down.add(h.name());
                details.add(h.label() + ": " + ctx.unreachableReason(h).orElse("not connected"));
                continue;
            }
            String outcome = check(c.get());
            if (outcome.startsWith("ok")) {
                details.add(h.label() + ": " + outcome);
            } else {
                down.add(h.name());
                details.add(h.label() + ": " + outcome);
            }
        }
        int up = hosts.size() - down.size();
        return ProbeResult.of(down.isEmpty(), id(), title(),
                "all " + hosts.size() + " hosts answer over SSH",
                up + " of " + hosts.size() + " answer", Duration.ofNanos(System.nanoTime() - start),
                "unreachable: " + String.join(", ", down), details);
    }

    private static String check(Connector c) {
        try {
            ExecResult r = c.run(RemoteCommand.of("uname", "-n").withTimeout(Duration.ofSeconds(15)));
            if (!r.ok()) return "command failed (exit " + r.exitStatus() + "): " + r.errorText();
            return "ok, node " + r.stdout().strip() + " in " + r.took().toMillis() + " ms";
        } catch (RuntimeException e) {
            return "lost: " + e.getMessage();
        }
    }
}
