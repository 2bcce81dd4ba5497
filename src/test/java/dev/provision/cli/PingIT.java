package dev.provision.cli;

import dev.provision.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.transport.PrivateSshd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code provision ping} end to end through the real command line, inventory file and SSH, against
 * a private sshd on 127.0.0.1 (this machine is Debian 12): keys accepted, then remembered, then a
 * tampered key refused; an unreachable host reported beside a reachable one.
 */
class PingIT {
    static PrivateSshd sshd;
    static Path work;
    static Path clientKey;

    @BeforeAll
    static void start() throws Exception {
        PrivateSshd.assumeCanRun();
        work = Files.createTempDirectory("ping-it");
        sshd = PrivateSshd.start(work);
        clientKey = PrivateSshd.keygen(work.resolve("client"), "ed25519");
        sshd.authorize(clientKey);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) sshd.close();
        if (work != null) new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
    }

    record Run(int exit, String out, String err) {}

    static Run provision(String... args) {
        var cl = ProvisionCommand.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    /** One host in every role (the loader wants all three groups), plus optional extra service hosts. */
    static Path inventory(String name, String extraServices) throws Exception {
        Path inv = work.resolve(name);
        Files.writeString(inv, """
                all:
                  vars:
                    ansible_user: root
                    ansible_ssh_private_key_file: %s
                  children:
                    consul_servers:
                      hosts:
                        node-1: { ansible_host: 127.0.0.1, ansible_port: %d }
                    load_balancers:
                      hosts:
                        node-1:
                    services:
                      hosts:
                        node-1:
                %s""".formatted(clientKey, sshd.port(), extraServices));
        return inv;
    }

    @Test
    void acceptThenRememberThenRefuseATamperedKey() throws Exception {
        Path inv = inventory("one.yaml", "");
        Path kh = work.resolve("kh/known_hosts");
        String row = "ok    node-1 \\(127\\.0\\.0\\.1:" + sshd.port() + "\\)  debian 12  sudo: not needed \\(root\\)  rtt \\d+ ms\n";

        Run first = provision("ping", "-i", inv.toString(), "--known-hosts", kh.toString(), "--accept-new-host-keys");
        assertEquals(0, first.exit(), first.out() + first.err());
        assertTrue(Pattern.compile(row).matcher(first.out()).find(), first.out());
        assertTrue(first.out().endsWith("ping: 1 of 1 hosts reachable\n"), first.out());
        assertEquals("", first.err(), "nothing on stderr: no sshj log noise");

        Run second = provision("ping", "-i", inv.toString(), "--known-hosts", kh.toString());
        assertEquals(0, second.exit(), second.out() + second.err());

        // Tamper with the recorded key: swap in another host's key of the same type.
        Path impostor = PrivateSshd.keygen(work.resolve("impostor"), "ed25519");
        String other = Files.readString(Path.of(impostor + ".pub")).trim().split("\\s+")[1];
        String line = Files.readString(kh).trim();
        Files.writeString(kh, line.substring(0, line.lastIndexOf(' ') + 1) + other + "\n");
        for (String[] extra : new String[][] {{}, {"--accept-new-host-keys"}}) {
            String[] args = concat(new String[] {"ping", "-i", inv.toString(), "--known-hosts", kh.toString()}, extra);
            Run third = provision(args);
            assertEquals(ExitCode.UNREACHABLE, third.exit(), third.out() + third.err());
            assertTrue(third.out().contains("FAIL  node-1 (127.0.0.1:" + sshd.port() + ")  HOST KEY CHANGED for [127.0.0.1]:"
                    + sshd.port()), third.out());
            assertTrue(third.out().contains("ssh-keygen -R '[127.0.0.1]:" + sshd.port() + "' -f " + kh), third.out());
        }
    }

    @Test
    void anUnreachableHostFailsTheRunButTheOthersAreStillReported() throws Exception {
        int closed = PrivateSshd.freePort();
        Path inv = inventory("two.yaml", "        down-1: { ansible_host: 127.0.0.1, ansible_port: " + closed + " }\n");
        Path kh = work.resolve("kh2");
        Files.writeString(kh, sshd.knownHostsLine() + "\n");
        Run r = provision("ping", "-i", inv.toString(), "--known-hosts", kh.toString());
        assertEquals(ExitCode.UNREACHABLE, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ok    node-1 (127.0.0.1:" + sshd.port() + ")"), r.out());
        assertTrue(r.out().contains("FAIL  down-1 (127.0.0.1:" + closed + ")  connection refused on port " + closed), r.out());
        assertTrue(r.out().endsWith("ping: 1 of 2 hosts reachable, 1 not\n"), r.out());
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
