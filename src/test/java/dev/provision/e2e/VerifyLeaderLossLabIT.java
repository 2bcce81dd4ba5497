package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ExitCode;
import dev.provision.lab.Lab;
import dev.provision.lab.LabHost;
import dev.provision.lab.LabInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three Consul servers on the shared lab, last of the lab tests (failsafe's alphabetical order):
 * every test before this one ran with the single server, as a lab is by default, and none after it
 * depends on a server count it was never run with. {@code lab up --consul-servers 3} boots
 * consul-2 and consul-3; {@code up} joins them to the cluster without the old server losing its
 * data (a key written before is read back through the new servers); {@code verify} passes. Then,
 * under a bounded load through the balancer, the leader's agent is stopped: the survivors elect a
 * new leader (timed, requests lost counted), the old leader is started again and {@code verify}
 * passes. Last, a change that restarts every server (the log level, in a copy of the inventory,
 * then back) rolls them one at a time, the leader last, never two servers down at once. The lab
 * keeps its three servers.
 */
class VerifyLeaderLossLabIT {
    private static final String CONSUL = "/usr/local/bin/consul";
    private static final int RATE = 20;
    /** Bash's /dev/tcp asks the agent's HTTP API on loopback: the lab's hosts have no curl. */
    private static final String LEADER = "l=$( (exec 3<>/dev/tcp/127.0.0.1/8500 && printf 'GET /v1/status/leader HTTP/1.0\\r\\n\\r\\n' >&3"
            + " && timeout 3 cat <&3) 2>/dev/null | tail -n1 | tr -d '\"')";
    private static final String WATCH_STOP = "/run/provision-it-watch.stop";
    /** Where each started ssh process writes. */
    private static final Map<Process, Path> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Path reportDir() {
        return Path.of(System.getProperty("project.root", ".")).resolve("reports").resolve("e2e-leader-loss");
    }

    @Test
    void threeServersSurviveTheLeadersLossAndRollOneAtATimeLeaderLast() throws Exception {
        long start = System.nanoTime();
        LabInfo one = SharedLab.get();
        var up0 = E2e.provision(SharedLab.commandArgs("up"));
        assertEquals(ExitCode.OK, up0.exitCode(), up0.transcript());
        LabHost first = host(one, "consul-server");
        String key = "provision-it/leader-loss";
        String nonce = UUID.randomUUID().toString();
        ssh(first, "sudo -n " + CONSUL + " kv put " + key + " " + nonce);

        // Three servers: the new ones join, the old one keeps its data.
        LabInfo lab = SharedLab.withConsulServers(3);
        List<LabHost> servers = lab.hosts().stream().filter(h -> h.group().equals(LabHost.CONSUL_SERVERS)).toList();
        assertEquals(List.of("consul-server", "consul-2", "consul-3"), servers.stream().map(LabHost::name).toList());
        long growStart = System.nanoTime();
        var grow = E2e.provision(SharedLab.commandArgs("up"));
        assertEquals(ExitCode.OK, grow.exitCode(), grow.transcript());
        double growSeconds = (System.nanoTime() - growStart) / 1e9;
        for (LabHost s : servers) {
            assertEquals(nonce, ssh(s, "sudo -n " + CONSUL + " kv get " + key).strip(), "the key written before, read on " + s.name());
        }
        // Every client agent restarted (retry_join changed): the rotation may be uneven for some seconds.
        var healthy = verifyWithinThreeRuns();
        assertEquals(ExitCode.OK, healthy.exitCode(), healthy.transcript());

        // The leader's agent stopped under load: the survivors elect another.
        LabHost lb = host(lab, "lb");
        LabHost leader = leader(lab, first);
        LabHost survivor = servers.stream().filter(s -> !s.equals(leader)).findFirst().orElseThrow();
        long reelectMs;
        BalancerLoad.Result load;
        try (BalancerLoad running = BalancerLoad.start(lb.address(), 80, RATE, Duration.ofMinutes(3))) {
            Thread.sleep(5_000);
            Process watch = sshProcess(survivor, "old=" + leader.address() + ":8300; end=$(( $(date +%s) + 90 ));"
                    + " while [ $(date +%s) -lt $end ]; do " + LEADER + "; case \"$l\" in \"\"|\"$old\") ;;"
                    + " *:*) echo \"NEW $(date +%s%3N) $l\"; exit 0;; esac; sleep 0.1; done; echo TIMEOUT; exit 1");
            Thread.sleep(1_000);
            String stoppedAt = ssh(leader, "date +%s%3N; sudo -n systemctl stop consul").strip();
            String watched = finish(watch, 120);
            Matcher m = Pattern.compile("NEW (\\d+) (\\S+)").matcher(watched);
            assertTrue(m.find(), "no new leader within 90 s of stopping " + leader.name() + "'s agent: " + watched);
            reelectMs = Long.parseLong(m.group(1)) - Long.parseLong(stoppedAt.lines().findFirst().orElseThrow());
            System.out.printf("leader %s stopped; %s named the new leader %s after %d ms%n", leader.name(), survivor.name(),
                    m.group(2), reelectMs);
            Thread.sleep(10_000); // the load goes on under the new leader
            ssh(leader, "sudo -n systemctl start consul");
            awaitServersBack(first, servers, 90);
            Thread.sleep(5_000);
            load = running.stop();
        }
        System.out.println("load through the leader's loss: " + load.summary());
        var after = verify(false);
        assertEquals(ExitCode.OK, after.exitCode(), "verify after the old leader is back:\n" + after.transcript());
        FaultFigures.record("Consul leader loss (3 servers)",
                "systemctl stop consul on the leader (" + leader.name() + ") under " + RATE + " req/s through the balancer,"
                        + " started again after the new leader + 10 s",
                load.sent(), load.failed(), String.format("new leader in %.1f s", reelectMs / 1000.0), "not needed (verify passes)");
        assertTrue(reelectMs < 60_000, "re-election took " + reelectMs + " ms");
        // DNS answers are stale reads on each agent and checks run locally: the balancer never notices.
        assertEquals(0, load.failed(), "requests failed while the leader was lost: " + load.firstFailures());

        // A change that restarts every server rolls them, leader last; restoring it rolls again.
        Path changed = lab.inventory().resolveSibling("inventory-leader-loss.yaml");
        try {
            String text = Files.readString(lab.inventory());
            assertTrue(text.contains("\n  vars:\n"), text);
            Files.writeString(changed, text.replaceFirst("\n  vars:\n", "\n  vars:\n    consul_log_level: DEBUG\n"));
            rolls(lab, servers, changed, "DEBUG");
        } finally {
            Files.deleteIfExists(changed);
        }
        rolls(lab, servers, lab.inventory(), "INFO");
        // Every client agent restarted too (its log level): HAProxy's rotation may stay uneven for some
        // seconds after Consul and HAProxy agree (as the breakage matrix saw): up to three verify runs, each in the log.
        E2e.Run last = verifyWithinThreeRuns();
        assertEquals(ExitCode.OK, last.exitCode(), "the lab is left healthy with 3 servers:\n" + last.transcript());
        System.out.printf("3 Consul servers: grow up %.1f s; leader loss: %s, new leader in %.1f s; whole test %.1f s%n", growSeconds,
                load.summary(), reelectMs / 1000.0, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Runs up with {@code inventory} (its Consul log level differs from the servers'): every
     * server restarts once, the one leading before last, and at no moment are two servers down.
     */
    private static void rolls(LabInfo lab, List<LabHost> servers, Path inventory, String level) throws Exception {
        LabHost leader = leader(lab, servers.get(0));
        Map<LabHost, Long> before = startedAt(servers);
        Map<LabHost, Process> watchers = new LinkedHashMap<>();
        for (LabHost s : servers) {
            ssh(s, "sudo -n rm -f " + WATCH_STOP);
            // Every 0.3 s: the uptime clock (one kernel: the same clock on every lab host) and whether the agent answers.
            watchers.put(s, sshProcess(s, "i=0; while [ $i -lt 3000 ] && [ ! -e " + WATCH_STOP + " ]; do"
                    + " if (exec 3<>/dev/tcp/127.0.0.1/8500) 2>/dev/null; then st=up; else st=down; fi;"
                    + " echo \"$(cut -d' ' -f1 /proc/uptime) $st\"; i=$((i+1)); sleep 0.3; done"));
        }
        long t0 = System.nanoTime();
        E2e.Run up;
        Map<LabHost, String> watched = new LinkedHashMap<>();
        try {
            up = E2e.provision("up", "-i", inventory.toString(), "--known-hosts", lab.knownHosts().toString());
        } finally {
            for (LabHost s : servers) ssh(s, "sudo -n touch " + WATCH_STOP);
            for (var e : watchers.entrySet()) watched.put(e.getKey(), finish(e.getValue(), 30));
        }
        assertEquals(ExitCode.OK, up.exitCode(), up.transcript());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<LabHost, Long> after = startedAt(servers);
        for (LabHost s : servers) {
            assertTrue(after.get(s) > before.get(s), s.name() + " was not restarted by the log level " + level + ":\n" + up.out());
            assertTrue(ssh(s, "sudo -n cat /etc/consul.d/consul.json")
                    .contains("\"log_level\": \"" + level + "\""), s.name());
        }
        List<LabHost> order = new ArrayList<>(servers);
        order.sort((a, b) -> Long.compare(after.get(a), after.get(b)));
        System.out.printf("log level %s: servers restarted in the order %s (leader before: %s), up %.1f s%n", level,
                order.stream().map(LabHost::name).toList(), leader.name(), seconds);
        assertEquals(leader, order.get(order.size() - 1), "the leader restarts last: " + order + "\n" + up.out());
        // The console's handler lines come in the same order (each prints when its wait is over).
        List<String> printed = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^changed\\s+(\\S+)\\s+handler: restart consul\\s").matcher(up.out());
        while (m.find()) {
            String h = m.group(1);
            if (servers.stream().anyMatch(s -> s.name().equals(h))) printed.add(h);
        }
        assertEquals(order.stream().map(LabHost::name).toList(), printed, up.out());

        // Never two servers down at once: each server's down spells, on the shared clock, overlap no other's.
        Map<LabHost, List<double[]>> down = new LinkedHashMap<>();
        for (var e : watched.entrySet()) down.put(e.getKey(), downSpells(e.getValue()));
        for (LabHost a : servers) {
            // A restart may be quicker than the watcher's 0.3 s: not seeing it down is no failure.
            System.out.println(a.name() + " down " + String.join(", ", down.get(a).stream()
                    .map(x -> String.format("%.1f-%.1f s", x[0], x[1])).toList()) + " (uptime clock)");
            for (LabHost b : servers) {
                if (a == b) continue;
                for (double[] x : down.get(a)) {
                    for (double[] y : down.get(b)) {
                        assertTrue(x[1] <= y[0] || y[1] <= x[0], String.format("%s down %.1f-%.1f while %s down %.1f-%.1f",
                                a.name(), x[0], x[1], b.name(), y[0], y[1]));
                    }
                }
            }
        }
    }

    /** The spells in a watcher's "UPTIME up|down" lines where the agent did not answer: [first down, next up]. */
    static List<double[]> downSpells(String lines) {
        var spells = new ArrayList<double[]>();
        double from = -1;
        double lastSeen = -1;
        for (String l : lines.strip().split("\n")) {
            String[] f = l.strip().split(" ");
            if (f.length != 2) continue;
            double t = Double.parseDouble(f[0]);
            lastSeen = t;
            if (f[1].equals("down") && from < 0) from = t;
            if (f[1].equals("up") && from >= 0) {
                spells.add(new double[] {from, t});
                from = -1;
            }
        }
        if (from >= 0) spells.add(new double[] {from, lastSeen});
        return spells;
    }

    /** systemd's monotonic start time of each server's agent (one kernel: comparable across the lab's hosts). */
    private static Map<LabHost, Long> startedAt(List<LabHost> servers) throws Exception {
        Map<LabHost, Long> at = new LinkedHashMap<>();
        for (LabHost s : servers) {
            at.put(s, Long.parseLong(ssh(s, "systemctl show consul -p ExecMainStartTimestampMonotonic --value").strip()));
        }
        return at;
    }

    /** The raft leader, as {@code asked}'s agent names it (/v1/status/leader, "ADDRESS:8300"). */
    private static LabHost leader(LabInfo lab, LabHost asked) throws Exception {
        String addr = ssh(asked, LEADER + "; echo \"$l\"").strip();
        return lab.hosts().stream().filter(h -> addr.equals(h.address() + ":8300")).findFirst()
                .orElseThrow(() -> new AssertionError(asked.name() + " names no known leader: '" + addr + "'"));
    }

    /** Until every server is a voter of a cluster with a leader (consul operator raft list-peers), bounded. */
    private static void awaitServersBack(LabHost asked, List<LabHost> servers, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String peers = "";
        while (System.nanoTime() < end) {
            String now = sshMaybe(asked, "sudo -n " + CONSUL + " operator raft list-peers") + " ";
            peers = now;
            boolean all = now.contains("leader") && servers.stream().allMatch(s -> Pattern
                    .compile("(?m)^" + Pattern.quote(s.name()) + "\\s.*\\strue\\s").matcher(now).find());
            if (all) return;
            Thread.sleep(1000);
        }
        throw new AssertionError("the servers are not all voters with a leader after " + seconds + " s:\n" + peers);
    }

    /** Up to three verify runs (--no-disruptive), 10 s apart, each in the log: the last one. */
    private static E2e.Run verifyWithinThreeRuns() throws InterruptedException {
        E2e.Run last = verify(true);
        for (int i = 1; i < 3 && last.exitCode() != ExitCode.OK; i++) {
            Thread.sleep(10_000);
            last = verify(true);
        }
        return last;
    }

    private static E2e.Run verify(boolean noDisruptive) {
        var args = new ArrayList<>(List.of("verify", "--settle", "60", "--report-dir", reportDir().toString()));
        if (noDisruptive) args.add("--no-disruptive");
        return E2e.provision(SharedLab.commandArgs(args.get(0), args.subList(1, args.size()).toArray(String[]::new)));
    }

    private static LabHost host(LabInfo lab, String name) {
        return lab.hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    /** A command on a lab host, its output into a file (a long watcher never fills a pipe and blocks). */
    private static Process sshProcess(LabHost h, String script) throws Exception {
        List<String> argv = new Lab(new PrintWriter(System.out, true)).sshCommand(SharedLab.NAME, h.address(), "bash", "-c",
                SharedLab.quote(script));
        Path out = Files.createTempFile("leader-loss-" + h.name(), ".out");
        out.toFile().deleteOnExit();
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        OUTPUTS.put(p, out);
        return p;
    }

    /** Waits for a started ssh process (bounded, killed after) and returns what it printed. */
    private static String finish(Process p, int seconds) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return Files.readString(OUTPUTS.remove(p));
    }

    private static String sshMaybe(LabHost h, String script) throws Exception {
        Process p = sshProcess(h, script);
        return finish(p, 60);
    }

    private static String ssh(LabHost h, String script) throws Exception {
        Process p = sshProcess(h, script);
        String out = finish(p, 60);
        if (p.exitValue() != 0) throw new AssertionError(h.name() + ": " + script + " exited " + p.exitValue() + ":\n" + out);
        return out;
    }
}
