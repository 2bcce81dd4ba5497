package dev.provision.probes;

import dev.provision.deployment.Deployment;
import dev.provision.inventory.Host;
import dev.provision.report.HaproxyStatsCsv;
import dev.provision.report.SettleAttempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides from Consul's and HAProxy's own state, never from a traffic measurement, whether a
 * deployment has settled: every replica's service passing in Consul, the HAProxy server at
 * each passing instance's address UP, and no other server UP. A measurement taken before that
 * would judge a transition, and repeating a measurement until it passes proves nothing.
 */
final class Settling {
    /** Between two looks: Consul's checks and HAProxy's resolver both run every second or two. */
    static final Duration PAUSE = Duration.ofSeconds(1);

    private Settling() {}

    /**
     * Every look taken, and the last catalog read (what a measurement right after is judged against).
     *
     * @param attempts the looks, in order; the last one settled when {@link #settled()}
     * @param catalog Consul's passing instances as last read
     */
    record Outcome(List<SettleAttempt> attempts, ConsulCatalog.Read catalog) {
        boolean settled() {
            return !attempts.isEmpty() && attempts.get(attempts.size() - 1).settled();
        }

        /** A line per look, for the probe's details. */
        List<String> lines() {
            var out = new ArrayList<String>();
            int i = 1;
            for (SettleAttempt a : attempts) {
                out.add("settle look " + i++ + " at " + dev.provision.report.Format.millis(a.atMs()) + ": " + a.describe());
            }
            return out;
        }
    }

    /** Looks once, then once a second while not settled, for at most {@code settle}; never sends traffic. */
    static Outcome await(ProbeContext ctx, Duration settle) {
        return await(ctx, settle, ctx.deployment().serviceName(), ctx.replicas());
    }

    /** The same for one declared service: its instances in Consul and its backend in HAProxy. */
    static Outcome await(ProbeContext ctx, Duration settle, String service, List<Host> hosts) {
        long t0 = System.nanoTime();
        long deadline = t0 + settle.toNanos();
        var attempts = new ArrayList<SettleAttempt>();
        while (true) {
            long at = (System.nanoTime() - t0) / 1_000_000;
            ConsulCatalog.Read catalog = ConsulCatalog.passing(ctx, service);
            SettleAttempt a = look(at, service, hosts, catalog, ctx.haproxyStats());
            attempts.add(a);
            if (a.settled() || System.nanoTime() + PAUSE.toNanos() > deadline) return new Outcome(attempts, catalog);
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(attempts, catalog);
            }
        }
    }

    /**
     * One look, judged: a pure function of what Consul and HAProxy said.
     *
     * @param statsCsv HAProxy's stats CSV, or a text saying why it could not be read
     */
    static SettleAttempt look(long atMs, List<Host> replicas, Deployment d, ConsulCatalog.Read catalog, String statsCsv) {
        return look(atMs, d.serviceName(), replicas, catalog, statsCsv);
    }

    /** One look at {@code service}: its hosts passing in Consul, its HAProxy backend's servers UP at them. */
    static SettleAttempt look(long atMs, String service, List<Host> replicas, ConsulCatalog.Read catalog, String statsCsv) {
        var problems = new ArrayList<String>();
        List<String> passing = catalog.ok() ? catalog.nodes() : List.of();
        if (!catalog.ok()) {
            problems.add("Consul not readable: " + catalog.error());
        } else {
            for (Host r : replicas) {
                if (!passing.contains(r.name())) problems.add(r.name() + " not passing in Consul");
            }
        }
        List<Map<String, String>> servers = HaproxyStatsCsv.parse(statsCsv).stream()
                .filter(row -> service.equals(row.get("pxname")))
                .filter(row -> !Set.of("BACKEND", "FRONTEND").contains(row.getOrDefault("svname", "")))
                .toList();
        var up = new ArrayList<String>();
        if (servers.isEmpty()) {
            String why = statsCsv == null || statsCsv.isBlank() ? "empty" : statsCsv.strip().lines().findFirst().orElse("");
            problems.add("HAProxy's state not readable (" + abbreviate(why) + ")");
            return new SettleAttempt(atMs, passing, up, problems);
        }
        for (var row : servers) {
            if ("UP".equals(row.getOrDefault("status", ""))) up.add(nameOf(row, replicas));
        }
        if (catalog.ok()) {
            for (ConsulCatalog.Instance i : catalog.instances()) {
                String addr = i.address() + ":" + i.port();
                var row = servers.stream().filter(s -> serves(s, i)).findFirst();
                if (row.isEmpty()) {
                    boolean noAddresses = servers.stream().allMatch(x -> x.getOrDefault("addr", "").isEmpty());
                    problems.add(i.node() + " (" + addr + ") has no server in HAProxy" + (noAddresses
                            ? " (its stats give no server addresses: 'stats show-legends' is missing; provision up adds it)"
                            : ""));
                } else if (!"UP".equals(row.get().getOrDefault("status", ""))) {
                    problems.add(i.node() + " is " + row.get().getOrDefault("status", "?") + " in HAProxy, not UP");
                }
            }
            for (var row : servers) {
                if (!"UP".equals(row.getOrDefault("status", ""))) continue;
                boolean known = catalog.instances().stream().anyMatch(i -> serves(row, i));
                if (!known) {
                    problems.add("HAProxy server " + row.getOrDefault("svname", "?") + " at " + row.getOrDefault("addr", "?")
                            + " is UP but no passing Consul instance is there");
                }
            }
        }
        return new SettleAttempt(atMs, passing, up, problems);
    }

    /**
     * The server row is this instance's: its address (HAProxy shows it with "stats show-legends"),
     * or, when the stats give none, its name (consul-template names servers after Consul's nodes).
     */
    private static boolean serves(Map<String, String> row, ConsulCatalog.Instance i) {
        String addr = row.getOrDefault("addr", "");
        return addr.isEmpty() ? i.node().equals(row.get("svname")) : addr.equals(i.address() + ":" + i.port());
    }

    /** The replica whose address (else name) a server row gives, else "svname (addr)". */
    private static String nameOf(Map<String, String> row, List<Host> replicas) {
        String addr = row.getOrDefault("addr", "");
        String ip = addr.contains(":") ? addr.substring(0, addr.lastIndexOf(':')) : addr;
        String sv = row.getOrDefault("svname", "");
        return replicas.stream().filter(h -> ip.isEmpty() ? h.name().equals(sv) : h.address().equals(ip)).map(Host::name)
                .findFirst().orElse(row.getOrDefault("svname", "?") + " (" + addr + ")");
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
