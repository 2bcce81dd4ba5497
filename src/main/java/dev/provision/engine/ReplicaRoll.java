package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.json.Json;
import dev.provision.probes.ConsulCatalog;
import dev.provision.probes.HttpAnswer;
import dev.provision.probes.LoopbackHttp;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code roll: replica}: a service replica behind the balancer. Drain: Consul maintenance on
 * for its instance, wait until Consul no longer lists it as passing, then the balancer's window
 * (it asks Consul's DNS every lb_resolve_interval, keeps a vanished server lb_hold, and a
 * check interval of margin): nothing is sent to it any more. Restore: its own Consul check
 * passes (a unit that crashes and is restarted by systemd fails at once), maintenance off,
 * Consul lists it again, and the balancer's window (resolution, then its first check) passes.
 * Asking Consul on the replica's own agent needs no new port, credential or tool (bash only).
 */
final class ReplicaRoll implements RollStrategy {
    static final Duration DRAIN_WAIT = Duration.ofSeconds(30);
    static final Duration START_WAIT = Duration.ofSeconds(120);
    static final Duration POLL = Duration.ofMillis(500);
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    /** systemd's count of automatic restarts, as last read (before the restart, then each poll). */
    private int restarts;

    @Override
    public void drain(RollHost h) {
        String id = instance(h);
        restarts = unitState(h, String.valueOf(h.vars().get("service_name"))).restarts();
        ExecResult on = h.run(RemoteCommand.of(consul(h), "maint", "-http-addr=" + httpAddr(h), "-enable", "-service=" + id,
                "-reason=provision up: rolling restart").asRoot());
        if (!on.ok()) {
            throw ProvisionException.failed("could not put " + id + " in Consul maintenance (consul maint exited "
                    + on.exitStatus() + "): " + on.errorText());
        }
        h.progress("maintenance on for " + id + ": waiting until Consul no longer lists it as passing");
        waitListed(h, id, false, DRAIN_WAIT);
        Duration window = sum(h, "lb_resolve_interval", "lb_hold", "lb_check_interval");
        h.progress("out of Consul's passing list; waiting " + window.toMillis() + " ms for the balancer to follow");
        h.sleep(window);
    }

    @Override
    public void restore(RollHost h) {
        String id = instance(h);
        String unit = String.valueOf(h.vars().get("service_name"));
        h.progress("restarted; waiting until " + id + "'s Consul check passes");
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        String last = "no answer yet";
        while (true) {
            String crash = crashed(h, unit);
            if (crash != null) {
                throw ProvisionException.failed(unit + " did not come back after the restart: " + crash
                        + " (journalctl -u " + unit + " on " + h.name() + " says why)");
            }
            HttpAnswer a = http(h, "/v1/agent/checks");
            if (a.ok()) {
                last = checksOf(a.body(), id);
                if (last.isEmpty()) break;
            } else {
                last = "Consul's agent answered " + a.describe();
            }
            if (System.nanoTime() > deadline) {
                throw ProvisionException.failed(id + "'s Consul check did not pass within " + START_WAIT.toSeconds()
                        + " s after the restart (" + last + ")");
            }
            h.sleep(POLL);
        }
        maintenanceOff(h, id);
        h.progress("check passing, maintenance off: waiting until Consul lists " + id + " again");
        waitListed(h, id, true, DRAIN_WAIT);
        h.sleep(sum(h, "lb_resolve_interval", "lb_check_interval"));
    }

    @Override
    public void abandon(RollHost h) {
        try {
            // A replica that did not come back is failing its own check: out of rotation either way,
            // and the next up (its restart is still owed) finds no maintenance left behind.
            h.run(RemoteCommand.of(consul(h), "maint", "-http-addr=" + httpAddr(h), "-disable", "-service=" + instance(h)).asRoot());
        } catch (RuntimeException ignored) {
            // best effort: the failure being reported matters more
        }
    }

    private static void maintenanceOff(RollHost h, String id) {
        ExecResult off = h.run(RemoteCommand.of(consul(h), "maint", "-http-addr=" + httpAddr(h), "-disable", "-service=" + id).asRoot());
        if (!off.ok()) {
            throw ProvisionException.failed("could not take " + id + " out of Consul maintenance (consul maint exited "
                    + off.exitStatus() + "): " + off.errorText());
        }
    }

    /** Polls the service's passing instances until {@code id} is ({@code listed}) or is not among them. */
    private static void waitListed(RollHost h, String id, boolean listed, Duration bound) {
        String service = String.valueOf(h.vars().get("service_name"));
        long deadline = System.nanoTime() + bound.toNanos();
        String last = "no answer yet";
        while (true) {
            HttpAnswer a = http(h, ConsulCatalog.path(service));
            if (a.ok()) {
                var read = ConsulCatalog.parse(a.body());
                if (read.ok()) {
                    boolean in = read.instances().stream().anyMatch(i -> i.serviceId().equals(id));
                    if (in == listed) return;
                    last = "passing: " + read.instances().stream().map(ConsulCatalog.Instance::serviceId).toList();
                } else {
                    last = read.error();
                }
            } else {
                last = "Consul answered " + a.describe();
            }
            if (System.nanoTime() > deadline) {
                throw ProvisionException.failed("Consul still " + (listed ? "does not list " : "lists ") + id
                        + " as passing " + bound.toSeconds() + " s after maintenance was switched "
                        + (listed ? "off" : "on") + " (" + last + ")");
            }
            h.sleep(POLL);
        }
    }

    /** Why the unit is not coming back (failed, or crashed and restarted by systemd), or null. */
    private String crashed(RollHost h, String unit) {
        UnitNow now = unitState(h, unit);
        if (now.state().equals("failed")) return "the unit failed";
        // The count may be reset by the restart itself: only a rise since the last look is a crash.
        boolean rose = now.restarts() > restarts;
        restarts = now.restarts();
        if (rose) return "it exited and systemd restarted it";
        return null;
    }

    private record UnitNow(String state, int restarts) {}

    private static UnitNow unitState(RollHost h, String unit) {
        ExecResult r = h.run(RemoteCommand.of("systemctl", "show", "-p", "ActiveState", "-p", "NRestarts", unit));
        if (!r.ok()) return new UnitNow("", 0);
        String state = "";
        int restarts = 0;
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("ActiveState=")) state = line.substring("ActiveState=".length()).strip();
            if (line.startsWith("NRestarts=")) {
                try {
                    restarts = Integer.parseInt(line.substring("NRestarts=".length()).strip());
                } catch (NumberFormatException ignored) {
                    // an old systemd without the property: the state alone decides
                }
            }
        }
        return new UnitNow(state, restarts);
    }

    /**
     * The instance's own checks (not Consul's maintenance check) that do not pass, as
     * "CHECK: STATUS", or "" when every one passes. A missing check is not passing.
     */
    static String checksOf(String json, String id) {
        Object doc;
        try {
            doc = Json.parse(json);
        } catch (IllegalArgumentException e) {
            return "Consul's answer is not JSON";
        }
        if (!(doc instanceof Map<?, ?> checks)) return "Consul's answer is not a JSON object";
        int mine = 0;
        var failing = new java.util.ArrayList<String>();
        for (var e : checks.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> c)) continue;
            if (!id.equals(c.get("ServiceID"))) continue;
            if (String.valueOf(e.getKey()).startsWith("_service_maintenance")) continue;
            mine++;
            if (!"passing".equals(c.get("Status"))) failing.add(e.getKey() + ": " + c.get("Status"));
        }
        if (mine == 0) return "Consul's agent has no check for " + id;
        return String.join(", ", failing);
    }

    /** The instance id as service-definition.json registers it. */
    static String instance(RollHost h) {
        return h.vars().get("service_name") + "-" + h.vars().get("inventory_hostname");
    }

    private static String consul(RollHost h) {
        return String.valueOf(h.vars().getOrDefault("consul_bin", "consul"));
    }

    /** The agent's HTTP API on the host's loopback, wherever consul_http_port puts it. */
    private static String httpAddr(RollHost h) {
        return "127.0.0.1:" + port(h);
    }

    private static int port(RollHost h) {
        return Integer.parseInt(String.valueOf(h.vars().getOrDefault("consul_http_port", 8500)));
    }

    private static Duration sum(RollHost h, String... names) {
        Duration d = Duration.ZERO;
        for (String n : names) {
            Object v = h.vars().get(n);
            if (v != null) d = d.plus(goDuration(String.valueOf(v)));
        }
        return d;
    }

    /** "2s", "500ms", "1m30s" (variables.yaml's duration type). */
    static Duration goDuration(String text) {
        Matcher m = GO_DURATION.matcher(text.strip());
        Duration d = Duration.ZERO;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        return d;
    }

    /** GET on the host's loopback (Consul's HTTP API), as LoopbackHttp does it. */
    private static HttpAnswer http(RollHost h, String path) {
        ExecResult r = h.run(LoopbackHttp.command(port(h), path));
        if (r.exitStatus() == 7) return HttpAnswer.failed("nothing listens on 127.0.0.1:" + port(h) + " on " + h.name());
        if (!r.ok() && r.stdout().isEmpty()) {
            return HttpAnswer.failed("request on " + h.name() + " failed (exit " + r.exitStatus() + "): " + r.errorText());
        }
        return HttpAnswer.parse(r.stdout());
    }
}
