package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.facts.FactScript;
import dev.provision.inventory.Host;
import dev.provision.digest.Sha256;
import dev.provision.transport.Connector;
import dev.provision.transport.ConnectorFactory;
import dev.provision.transport.ExecResult;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated Debian host for engine tests: it keeps files, packages, users and units, answers
 * the fact script from that state, and applies the commands the operations emit. Every command
 * is recorded, so a test can say "check mode ran nothing that changes".
 */
public final class FakeHost {
    record FakeFile(byte[] bytes, String owner, String group, String mode, boolean dir) {}

    final Map<String, FakeFile> files = new ConcurrentHashMap<>();
    final Set<String> packages = ConcurrentHashMap.newKeySet();
    final Map<String, String> users = new ConcurrentHashMap<>();
    final Map<String, String[]> units = new ConcurrentHashMap<>(); // name -> {enabled, active}
    final List<String> commands = new ArrayList<>();
    /** Each command's timeout, by script. */
    final Map<String, Duration> timeouts = new java.util.LinkedHashMap<>();
    /** A command containing this text finds the connection gone (sshd stopped, network cut); null: none. */
    volatile String dropsOn;
    /** A command containing this text takes {@link #slowMillis} first (to order hosts in a test); null: none. */
    volatile String slowOn;
    volatile long slowMillis;
    /** A command containing this text never finishes (until its timeout); null: none hangs. */
    volatile String hangsOn;
    final List<String> uploads = new ArrayList<>();
    final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    /** Validation commands fail when the file under validation contains this text. */
    String brokenMarker = "BROKEN";
    /** Another run holding this host's lock, as it describes itself; null: the lock is free. */
    volatile String heldBy;
    /** Whether this run holds the host's lock now. */
    volatile boolean lockHeld;
    /** How many times a run took the lock. */
    volatile int locksTaken;
    /** Units whose restart fails (the unit is then failed); the start of a new one still works. */
    final Set<String> failsToRestart = ConcurrentHashMap.newKeySet();
    /** Consul service ids in maintenance on this host's agent. */
    final Set<String> maintenance = ConcurrentHashMap.newKeySet();
    /** Shared by the hosts of a test: how many replicas are in maintenance at once, at most. */
    volatile Rotation rotation = new Rotation();

    /** Maintenance across hosts: the roll must never take two replicas out at once (serial 1). */
    static final class Rotation {
        int out;
        int most;
        final List<String> log = new ArrayList<>();

        synchronized void change(String id, boolean on) {
            out += on ? 1 : -1;
            most = Math.max(most, out);
            log.add((on ? "out " : "in ") + id);
        }
    }

    /** What /etc/os-release says. */
    String osRelease = "ID=debian\nVERSION_ID=\"12\"\n";

    FakeHost() {
        for (String d : List.of("/etc", "/etc/systemd/system", "/usr/local/bin", "/usr/local/src", "/opt"))
            files.put(d, new FakeFile(null, "root", "root", "755", true));
    }

    /** Commands that change something: everything except reads (facts, os-release, cat, grep, a guard such as "! test -d X", "! systemctl is-active --quiet X"). */
    public synchronized List<String> changingCommands() {
        return commands.stream().filter(c -> !c.startsWith(FactScript.HEADER) && !c.startsWith("cat ")
                && !c.startsWith("grep ") && !c.startsWith("! ")).toList();
    }

    Connector connector(Host host) {
        return new Connector() {
            public Host host() { return host; }
            public ExecResult run(RemoteCommand c) {
                synchronized (FakeHost.this) {
                    timeouts.put(c.script(), c.timeout());
                }
                if (dropsOn != null && c.script().contains(dropsOn)) {
                    throw dev.provision.ProvisionException.unreachable(host.label() + ": connection lost (Broken pipe)", null);
                }
                if (slowOn != null && c.script().contains(slowOn)) {
                    try {
                        Thread.sleep(slowMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (hangsOn != null && c.script().contains(hangsOn)) {
                    // As the SSH connector does: wait out the command's timeout, then fail it.
                    try {
                        Thread.sleep(c.timeout().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw dev.provision.ProvisionException.failed(host.label() + ": command did not finish within "
                            + c.timeout().toSeconds() + " s");
                }
                return exec(c.script());
            }
            public Hold hold(RemoteCommand c, String readyLine) {
                // As flock does: refused while another run holds it, else held until closed.
                if (heldBy != null) {
                    return new Hold(null, new ExecResult(HostLock.BUSY_STATUS, HostLock.BUSY + "\n" + heldBy + "\n", "",
                            Duration.ZERO));
                }
                if (!c.script().contains("flock") || !c.script().contains(HostLock.LOCK)) {
                    throw new AssertionError("not a lock command: " + c.script());
                }
                lockHeld = true;
                locksTaken++;
                return new Hold(() -> lockHeld = false, null);
            }
            public void putFile(String p, byte[] content, FileAttrs a) { put(p, content, a); }
            public void putFile(String p, Path local, FileAttrs a) {
                try {
                    put(p, Files.readAllBytes(local), a);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            public void close() {}
        };
    }

    private synchronized void put(String path, byte[] content, FileAttrs a) {
        uploads.add(path);
        files.put(path, new FakeFile(content, a.owner(), a.group(), a.mode().replaceFirst("^0", ""), false));
    }

    private static ExecResult ok(String out) {
        return new ExecResult(0, out, "", Duration.ZERO);
    }

    private static ExecResult fail(String err) {
        return new ExecResult(1, "", err, Duration.ZERO);
    }

    synchronized ExecResult exec(String script) {
        commands.add(script);
        if (script.contains("loopback-http")) return consulHttp(words(script).get(words(script).size() - 1));
        if (script.startsWith("cat /etc/os-release")) return ok("ID=debian\nVERSION_ID=\"12\"\n");
        if (script.startsWith(FactScript.HEADER)) return ok(facts(script));
        if (script.startsWith("cat ")) {
            FakeFile f = files.get(words(script).get(1));
            return f == null ? fail("") : ok(new String(f.bytes(), StandardCharsets.UTF_8));
        }
        List<String> w = words(script);
        if (script.contains(" validate ") || script.contains(" -c -q -f ")) {
            String target = w.get(w.size() - 1);
            FakeFile f = files.get(target);
            if (f == null) return fail("no file " + target);
            return new String(f.bytes(), StandardCharsets.UTF_8).contains(brokenMarker) ? fail("config invalid: " + brokenMarker) : ok("");
        }
        if (script.contains("apt-get install")) {
            Matcher m = Pattern.compile("--no-install-recommends ([^|;]+?) \\|\\|").matcher(script);
            if (m.find()) packages.addAll(List.of(m.group(1).trim().split(" ")));
            return ok("");
        }
        if (w.get(0).endsWith("consul") && w.size() > 3 && w.get(1).equals("maint")) {
            String id = w.stream().filter(x -> x.startsWith("-service=")).findFirst().orElseThrow().substring("-service=".length());
            boolean on = w.contains("-enable");
            if (on ? maintenance.add(id) : maintenance.remove(id)) rotation.change(id, on);
            return ok("");
        }
        switch (w.get(0)) {
            case "useradd" -> users.put(w.get(w.size() - 1), w.get(w.indexOf("--shell") + 1) + "|" + w.get(w.indexOf("--home-dir") + 1));
            case "usermod" -> users.computeIfPresent(w.get(w.size() - 1), (k, v) -> w.get(w.indexOf("--shell") + 1) + "|" + v.split("\\|")[1]);
            case "install" -> files.put(w.get(8), new FakeFile(null, w.get(3), w.get(5), w.get(7).replaceFirst("^0", ""), true));
            case "chown" -> files.computeIfPresent(w.get(2), (k, f) -> new FakeFile(f.bytes(), w.get(1).split(":")[0], w.get(1).split(":")[1], f.mode(), f.dir()));
            case "chmod" -> files.computeIfPresent(w.get(2), (k, f) -> new FakeFile(f.bytes(), f.owner(), f.group(), w.get(1).replaceFirst("^0", ""), f.dir()));
            case "mv" -> files.put(w.get(3), files.remove(w.get(2)));
            case "rm" -> {
                if (!w.get(1).equals("-rf")) {
                    files.remove(w.get(2));
                } else {
                    // down: the path and everything under it; a unit file's daemon-reload after it
                    String p = w.get(3);
                    files.keySet().removeIf(k -> k.equals(p) || k.startsWith(p + "/"));
                    if (script.contains("systemctl daemon-reload")) restarts.merge("daemon-reload", 1, Integer::sum);
                }
            }
            case "userdel" -> users.remove(w.get(1));
            case "mkdir" -> {
                // The digest record is ignored (facts hash files directly); owed handlers are kept.
                if (script.startsWith("mkdir -p " + FactScript.NOTIFIED_DIR + " && touch")) {
                    for (String p : w.subList(w.indexOf("touch") + 1, w.size())) {
                        files.put(p, new FakeFile(new byte[0], "root", "root", "644", false));
                    }
                }
            }
            case "firewall-cmd" -> restarts.merge("firewalld-reload", 1, Integer::sum);
            case "systemctl" -> {
                String unit = w.size() > 2 ? w.get(2) : "";
                switch (w.get(1)) {
                    case "daemon-reload" -> restarts.merge("daemon-reload", 1, Integer::sum);
                    case "enable" -> units.computeIfAbsent(unit, u -> new String[] {"disabled", "inactive"})[0] = "enabled";
                    case "disable" -> units.computeIfPresent(unit, (u, st) -> new String[] {"disabled", st[1]});
                    case "stop" -> units.computeIfPresent(unit, (u, st) -> new String[] {st[0], "inactive"});
                    case "show" -> {
                        String[] st = units.getOrDefault(w.get(w.size() - 1), new String[] {"", "inactive"});
                        return ok("ActiveState=" + st[1] + "\nNRestarts=0\n");
                    }
                    case "start", "restart", "reload-or-restart" -> {
                        if (w.get(1).equals("restart") && failsToRestart.contains(unit)) {
                            units.computeIfAbsent(unit, u -> new String[] {"disabled", "inactive"})[1] = "failed";
                            return fail("Job for " + unit + ".service failed because the control process exited with error code.");
                        }
                        if (!files.containsKey("/etc/systemd/system/" + unit + ".service") && !packages.contains(unit)) {
                            return fail("Unit " + unit + ".service not found.");
                        }
                        units.computeIfAbsent(unit, u -> new String[] {"disabled", "inactive"})[1] = "active";
                        restarts.merge(w.get(1) + " " + unit, 1, Integer::sum);
                    }
                    default -> { }
                }
            }
            default -> {
                // A guarded command (the HAProxy build): follow its cd lines to the marker it touches.
                String cwd = "/";
                for (String line : script.split("\n")) {
                    List<String> lw = words(line.strip());
                    if (lw.size() == 2 && lw.get(0).equals("cd")) cwd = lw.get(1).startsWith("/") ? lw.get(1) : cwd + "/" + lw.get(1);
                    if (lw.size() == 2 && lw.get(0).equals("touch")) {
                        String p = lw.get(1).startsWith("/") ? lw.get(1) : cwd + "/" + lw.get(1);
                        files.putIfAbsent(cwd, new FakeFile(null, "root", "root", "755", true));
                        files.put(p, new FakeFile(new byte[0], "root", "root", "644", false));
                    }
                }
            }
        }
        return ok("");
    }

    /**
     * Consul's HTTP API on the host's loopback, as the rolls ask it: the agent's checks (passing
     * while the service's unit is active) and the passing instances (registered by a service
     * definition in /etc/consul.d, unit active, not in maintenance).
     */
    private ExecResult consulHttp(String path) {
        var registered = new java.util.LinkedHashMap<String, String>(); // id -> name
        for (var e : files.entrySet()) {
            if (!e.getKey().startsWith("/etc/consul.d/") || e.getValue().dir() || e.getValue().bytes() == null) continue;
            String text = new String(e.getValue().bytes(), StandardCharsets.UTF_8);
            Matcher id = Pattern.compile("\"id\": \"([^\"]+)\"").matcher(text);
            Matcher name = Pattern.compile("\"name\": \"([^\"]+)\"").matcher(text);
            if (text.contains("\"service\"") && id.find() && name.find()) registered.put(id.group(1), name.group(1));
        }
        var body = new StringBuilder();
        if (path.equals("/v1/agent/checks")) {
            body.append('{');
            for (var e : registered.entrySet()) {
                boolean up = "active".equals(units.getOrDefault(e.getValue(), new String[] {"", ""})[1]);
                if (body.length() > 1) body.append(',');
                body.append("\"").append(e.getKey()).append("-http\":{\"ServiceID\":\"").append(e.getKey())
                        .append("\",\"Status\":\"").append(up ? "passing" : "critical").append("\"}");
            }
            body.append('}');
        } else if (path.startsWith("/v1/health/service/")) {
            String service = path.substring("/v1/health/service/".length()).replace("?passing", "");
            body.append('[');
            for (var e : registered.entrySet()) {
                boolean up = "active".equals(units.getOrDefault(e.getValue(), new String[] {"", ""})[1]);
                if (!e.getValue().equals(service) || !up || maintenance.contains(e.getKey())) continue;
                if (body.length() > 1) body.append(',');
                body.append("{\"Node\":{\"Node\":\"n\"},\"Service\":{\"ID\":\"").append(e.getKey()).append("\",\"Port\":8080}}");
            }
            body.append(']');
        } else {
            return ok("HTTP/1.0 404 Not Found\r\n\r\n");
        }
        return ok("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + body);
    }

    private String facts(String script) {
        var out = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.startsWith("if command -v dpkg-query")) line = line.substring(line.indexOf("dpkg-query -W"));
            List<String> w = words(line);
            if (w.isEmpty()) continue;
            if (line.startsWith("for f in " + FactScript.NOTIFIED_DIR + "/*")) {
                for (String p : files.keySet()) {
                    if (p.startsWith(FactScript.NOTIFIED_DIR + "/")) out.append("N\t").append(p.substring(p.lastIndexOf('/') + 1)).append('\n');
                }
            } else if (line.startsWith("printf 'O")) {
                out.append("O\t").append(Base64.getEncoder().encodeToString(osRelease.getBytes())).append('\n');
            } else if (w.get(0).equals("stat")) {
                for (String p : w.subList(3, w.indexOf("2>/dev/null"))) {
                    FakeFile f = files.get(p);
                    if (f != null) out.append("F\t").append(p).append('\t').append(f.dir() ? "directory" : "regular file").append('\t')
                            .append(f.owner()).append('\t').append(f.group()).append('\t').append(f.mode()).append('\n');
                }
            } else if (w.get(0).equals("sha256sum")) {
                for (String p : w.subList(1, w.indexOf("2>/dev/null"))) {
                    FakeFile f = files.get(p);
                    if (f != null && !f.dir()) out.append(Sha256.of(f.bytes())).append("  ").append(p).append('\n');
                }
            } else if (w.get(0).equals("lf")) {
                FakeFile f = files.get(w.get(1));
                if (f != null && !f.dir()) out.append("L\t").append(w.get(1)).append('\t').append(Sha256.of(f.bytes())).append('\n');
            } else if (line.startsWith("if [ -f ")) {
                String p = w.get(3);
                FakeFile f = files.get(p);
                out.append("C\t").append(p).append('\t').append(f == null ? "absent" : Base64.getEncoder().encodeToString(f.bytes())).append('\n');
            } else if (w.get(0).equals("dpkg-query")) {
                for (String p : w.subList(3, w.indexOf("2>/dev/null"))) if (packages.contains(p)) out.append("P\t").append(p).append("\tii \n");
            } else if (w.get(0).equals("getent")) {
                for (String u : w.subList(2, w.indexOf("|"))) {
                    if (!users.containsKey(u)) continue;
                    String[] v = users.get(u).split("\\|");
                    out.append("U\t").append(u).append(":x:999:999::").append(v[1]).append(':').append(v[0]).append('\n');
                }
            } else if (w.get(0).equals("systemctl") && w.get(1).equals("show")) {
                for (String u : w.subList(8, w.indexOf("2>/dev/null"))) {
                    String[] st = units.getOrDefault(u, new String[] {"", "inactive"});
                    out.append("Id=").append(u).append(".service\nActiveState=").append(st[1]).append("\nUnitFileState=").append(st[0]).append("\n\n");
                }
            }
        }
        return out.toString();
    }

    /** Splits a shell line into words, undoing single quotes (enough for what the ops emit). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        var cur = new StringBuilder();
        boolean inQuote = false, any = false;
        for (char c : line.toCharArray()) {
            if (inQuote) {
                if (c == '\'') inQuote = false;
                else cur.append(c);
            } else if (c == '\'') {
                inQuote = true;
                any = true;
            } else if (c == ' ' || c == '\t') {
                if (cur.length() > 0 || any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0 || any) out.add(cur.toString());
        return out;
    }

    /** A factory over named fake hosts; names listed as unreachable fail to connect (exit 3). */
    public static ConnectorFactory factory(Map<String, FakeHost> hosts, Set<String> unreachable) {
        return host -> {
            if (unreachable.contains(host.name())) {
                throw ProvisionException.unreachable(host.label() + ": connection refused", null);
            }
            return hosts.get(host.name()).connector(host);
        };
    }

    public static Set<String> none() {
        return new HashSet<>();
    }

    public static Map<String, FakeHost> hosts(String... names) {
        Map<String, FakeHost> m = new HashMap<>();
        for (String n : names) m.put(n, new FakeHost());
        return m;
    }
}
