package dev.provision.cli;

import dev.provision.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verify command run in-process, as Main runs it, on hosts that cannot be reached. */
class VerifyCommandTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private Result verify(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = ProvisionCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static int closedPort() throws Exception {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path inventory(int sshPort, int lbPort, boolean withBalancer) throws Exception {
        // Three loopback addresses: hosts must differ, and traffic stays on this machine.
        java.util.function.IntFunction<String> host = n -> "          ansible_host: 127.0.0." + n
                + "\n          ansible_port: " + sshPort + "\n          ansible_user: nobody\n";
        String yaml = "all:\n  vars:\n    lb_port: " + lbPort + "\n    stats_port: " + lbPort + "\n  children:\n"
                + "    consul_servers:\n      hosts:\n        consul-server:\n" + host.apply(1)
                + (withBalancer ? "    load_balancers:\n      hosts:\n        lb:\n" + host.apply(2) : "")
                + "    services:\n      hosts:\n        web-1:\n" + host.apply(3);
        Path inv = tmp.resolve("inventory.yaml");
        Files.writeString(inv, yaml);
        return inv;
    }

    @Test
    void unreachableHostsExitThreeAndStillWriteTheReport() throws Exception {
        int closed = closedPort();
        Path inv = inventory(closed, closed, true);
        Path reports = tmp.resolve("reports");
        Result r = verify("verify", "-i", inv.toString(), "--known-hosts", tmp.resolve("known_hosts").toString(),
                "--connect-timeout", "2", "--no-disruptive", "--report-dir", reports.toString());
        assertEquals(ExitCode.UNREACHABLE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("unreachable: consul-server, lb, web-1 (report written)"), r.err());
        assertTrue(r.out().contains("FAIL  reachability"), r.out());
        Path html = reports.resolve("latest").resolve("report.html");
        assertTrue(r.out().strip().endsWith("report: " + reports.resolve(reports.resolve("latest").toRealPath()
                .getFileName()).resolve("report.html")), r.out());
        assertTrue(Files.exists(html));
        var json = (Map<?, ?>) Json.parse(Files.readString(reports.resolve("latest").resolve("report.json")));
        assertEquals(false, json.get("passed"));
        assertEquals(8, ((List<?>) json.get("probes")).size());
        assertTrue(((String) json.get("command")).startsWith("provision verify -i "), (String) json.get("command"));
    }

    @Test
    void badOptionsExitTwoBeforeConnecting() throws Exception {
        Path inv = inventory(22, 80, true);
        Result r = verify("verify", "-i", inv.toString(), "--requests", "0", "--report-dir", tmp.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.code());
        assertTrue(r.err().contains("--requests must be between 3 and 1000, got 0"), r.err());
        assertFalse(Files.exists(tmp.resolve("latest")));
    }

    @Test
    void fewerThanThreeRequestsPerReplicaIsInvalidInput() throws Exception {
        Path inv = inventory(22, 80, true);
        for (String n : new String[] {"1", "2"}) {
            Result r = verify("verify", "-i", inv.toString(), "--requests", n, "--report-dir", tmp.toString());
            assertEquals(ExitCode.INVALID_INPUT, r.code(), r.err());
            assertTrue(r.err().contains("--requests must be between 3 and 1000, got " + n
                    + ": fewer than 3 answers per replica cannot show a strict rotation"), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("latest")));
    }

    @Test
    void anInventoryWithoutABalancerIsInvalidInput() throws Exception {
        Path inv = inventory(22, 80, false);
        Result r = verify("verify", "-i", inv.toString(), "--report-dir", tmp.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.code());
        assertTrue(r.err().contains("no 'load_balancers' group"), r.err());
    }
}
