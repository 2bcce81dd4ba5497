package dev.provision.e2e;

import dev.provision.lab.Lab;
import dev.provision.lab.LabInfo;
import dev.provision.lab.LabSpec;
import dev.provision.lab.LabHost;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one lab the end-to-end tests of a run share, so the deployment (HAProxy's build above
 * all) is paid for once. It is made fresh the first time a test asks for it in a JVM (tests
 * such as "check mode on bare hosts" need bare hosts), then reused; failsafe runs the test
 * classes in alphabetical order: Ping, Up, Verify. {@code .ci/run} takes it down at the end.
 */
public final class SharedLab {
    /**
     * Its own name and subnet, so a developer's default lab ('provision') is never touched;
     * {@code -De2e.lab.name=... -De2e.lab.subnet=...} moves it, for two checkouts on one machine.
     */
    public static final String NAME = System.getProperty("e2e.lab.name", "e2e");
    public static final String SUBNET = System.getProperty("e2e.lab.subnet", "198.18.2.0/24");
    public static final int REPLICAS = 3;
    /**
     * {@code -De2e.lab.reuse=true}: keep a lab of that name that is already up (a developer
     * running one IT class again) instead of booting it fresh; never set in CI.
     */
    static final boolean REUSE = Boolean.getBoolean("e2e.lab.reuse");

    /** The sudo password of the 'ops' user of {@link #foreignInventory()}. */
    static final String OPS_PASSWORD = "ops-Pa55 word";

    private static LabInfo info;
    private static Path foreignInventory;

    private SharedLab() {}

    /** The shared lab, booted fresh on first use in this JVM; with at least {@code replicas} replicas later. */
    public static synchronized LabInfo get() {
        E2e.requireLabMachine();
        if (info == null) {
            var lab = new Lab(new PrintWriter(System.out, true));
            if (!REUSE) lab.down(NAME);
            info = lab.up(new LabSpec(NAME, SUBNET, REPLICAS));
        }
        return info;
    }

    /** Adds replicas to the shared lab (lab up --replicas N), touching nothing else. */
    public static synchronized LabInfo scaleTo(int replicas) {
        get();
        info = new Lab(new PrintWriter(System.out, true)).up(new LabSpec(NAME, SUBNET, replicas));
        return info;
    }

    /** Gives the broker role to {@code brokers} of the shared lab's hosts (lab up --brokers N): only its inventory changes. */
    public static synchronized LabInfo withBrokers(int brokers) {
        get();
        info = new Lab(new PrintWriter(System.out, true)).up(new LabSpec(NAME, SUBNET, null, brokers));
        return info;
    }

    /**
     * Gives the shared lab {@code servers} Consul servers (lab up --consul-servers N): boots
     * consul-2..consul-N, touching no other host; {@code up} then joins them to the cluster.
     * The foreign inventory is written again on its next use, with the new servers.
     */
    public static synchronized LabInfo withConsulServers(int servers) {
        get();
        info = new Lab(new PrintWriter(System.out, true)).up(new LabSpec(NAME, SUBNET, null, null, servers));
        foreignInventory = null;
        return info;
    }

    /** The arguments every command needs to reach the shared lab with verified host keys. */
    public static String[] connectArgs() {
        var i = get();
        return new String[] {"-i", i.inventory().toString(), "--known-hosts", i.knownHosts().toString()};
    }

    /** {@code COMMAND} with the shared lab's connection arguments, then {@code more}. */
    public static String[] commandArgs(String command, String... more) {
        var a = new java.util.ArrayList<String>();
        a.add(command);
        a.addAll(List.of(connectArgs()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /**
     * The shared lab's hosts as someone else's servers would be: reached on port 2222 (sshd
     * listens on 22 and 2222) as user 'ops', whose sudo asks for a password. The lab knows none
     * of this; the inventory written here is what such a user would write.
     */
    public static synchronized Path foreignInventory() throws Exception {
        var lab = get();
        if (foreignInventory != null) return foreignInventory;
        String setup = String.join(" && ",
                "(id ops >/dev/null 2>&1 || useradd -m -s /bin/bash ops)",
                "echo " + quote("ops:" + OPS_PASSWORD) + " | chpasswd",
                "echo 'ops ALL=(ALL:ALL) ALL' > /etc/sudoers.d/ops && chmod 0440 /etc/sudoers.d/ops",
                // As the lab does for its own user: no user manager stopped (and hanging) per login.
                "loginctl enable-linger ops",
                "install -d -m 0700 -o ops -g ops /home/ops/.ssh",
                "install -m 0600 -o ops -g ops /home/provision/.ssh/authorized_keys /home/ops/.ssh/authorized_keys",
                "printf 'Port 22\\nPort 2222\\n' > /etc/ssh/sshd_config.d/ports.conf",
                "systemctl restart ssh");
        var labApi = new Lab(new PrintWriter(System.out, true));
        for (LabHost h : lab.hosts()) {
            exec(labApi.sshCommand(NAME, h.address(), "sudo", "-n", "sh", "-c", quote(setup)));
        }
        var yaml = new StringBuilder("# Hosts as a user's own servers: another SSH port, a sudo user with a password.\n")
                .append("all:\n  vars:\n    ansible_port: 2222\n    ansible_user: ops\n")
                .append("    ansible_ssh_private_key_file: ").append(lab.privateKey()).append('\n')
                .append("    ansible_become_password: \"").append(OPS_PASSWORD).append("\"\n")
                .append("    artifacts_dir: ").append(lab.artifactsDir()).append('\n')
                .append("    consul_version: \"1.8.7\"\n    haproxy_version: \"2.6.12\"\n    nats_version: \"2.9.10\"\n")
                .append(servicesBlock(lab.inventory()))
                .append("  children:\n");
        for (String group : List.of(LabHost.CONSUL_SERVERS, LabHost.LOAD_BALANCERS, LabHost.SERVICES)) {
            yaml.append("    ").append(group).append(":\n      hosts:\n");
            for (LabHost h : lab.hosts()) {
                if (h.group().equals(group)) {
                    yaml.append("        ").append(h.name()).append(":\n          ansible_host: ").append(h.address())
                            .append('\n');
                }
            }
        }
        if (!lab.brokers().isEmpty()) { // the same brokers as the lab's own inventory
            yaml.append("    brokers:\n      hosts:\n");
            for (LabHost h : lab.brokers()) yaml.append("        ").append(h.name()).append(":\n");
        }
        Path file = Files.createTempDirectory("foreign-inventory").resolve("inventory.yaml");
        Files.writeString(file, yaml);
        foreignInventory = file;
        return file;
    }

    /** The lab inventory's own services list (orders), as written under all.vars, or "" without one. */
    static String servicesBlock(Path labInventory) throws java.io.IOException {
        String text = Files.readString(labInventory);
        int start = text.indexOf("\n    services:\n");
        if (start < 0) return "";
        int end = text.indexOf("\n  children:", start);
        return text.substring(start + 1, end + 1);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** Runs a local command to its end; fails the test with its output when it fails. */
    static void exec(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + argv);
        }
        if (p.exitValue() != 0) throw new AssertionError(argv + " failed (exit " + p.exitValue() + "):\n" + out);
    }
}
