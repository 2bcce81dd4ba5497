package dev.provision.cli;

import dev.provision.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.transport.Connector;
import dev.provision.transport.ConnectorFactory;
import dev.provision.transport.ExecResult;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.SudoRefusedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** ping's rows, summary and exit status, over a scripted transport (no network). */
class PingCommandTest {
    static Host host(String name, String address) {
        return new Host(name, address, 22, "admin", Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("all"), Set.of(), Map.of());
    }

    static final String DEBIAN = "ID=debian\nVERSION_ID=\"12\"\n";
    static final String CENTOS = "ID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\n";

    /** A host that answers os-release, id -u and sudo as scripted. */
    record FakeConnector(Host host, String osRelease, String uid, Optional<String> sudoRefusal) implements Connector {
        @Override
        public ExecResult run(RemoteCommand c) {
            if (c.root() && sudoRefusal.isPresent()) throw new SudoRefusedException(host, sudoRefusal.get());
            String out = c.script().contains("os-release") ? osRelease : c.script().equals("id -u") ? uid + "\n" : "";
            return new ExecResult(0, out, "", Duration.ofMillis(4));
        }

        @Override
        public void putFile(String remotePath, byte[] content, FileAttrs attrs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putFile(String remotePath, Path localFile, FileAttrs attrs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    static ConnectorFactory scripted() {
        return h -> switch (h.name()) {
            case "web-1" -> new FakeConnector(h, DEBIAN, "1000", Optional.empty());
            case "web-2" -> new FakeConnector(h, CENTOS, "1000", Optional.of("sudo needs a password: set it"));
            case "root-1" -> new FakeConnector(h, DEBIAN, "0", Optional.of("never asked"));
            default -> throw ProvisionException.unreachable(h.label() + ": connection refused on port 22", null);
        };
    }

    record Run(int exit, String out, String err) {}

    static Run ping(List<Host> hosts, String... args) {
        Function<Path, Inventory> loader = p -> new Inventory(p, hosts, Map.of(), List.of("inv.yaml:3: foo: unknown variable"));
        var cl = new CommandLine(new PingCommand(loader, settings -> scripted()));
        cl.setExecutionExceptionHandler(new ExitCodeMapper());
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyHostAnsweringGivesRowsASummaryAndExitZero() {
        Run r = ping(List.of(host("web-1", "198.18.0.21"), host("web-2", "198.18.0.22"), host("root-1", "198.18.0.23")),
                "-i", "inv.yaml", "--forks", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("ok    web-1 (198.18.0.21)   debian 12  sudo: yes  rtt 4 ms\n"), r.out());
        assertTrue(r.out().contains("ok    web-2 (198.18.0.22)   centos 7 (rhel)  sudo: no (sudo needs a password: set it)  rtt 4 ms\n"), r.out());
        assertTrue(r.out().contains("ok    root-1 (198.18.0.23)  debian 12  sudo: not needed (root)  rtt 4 ms\n"), r.out());
        assertTrue(r.out().endsWith("\nping: 3 of 3 hosts reachable\n"), r.out());
        assertEquals("warning: inv.yaml:3: foo: unknown variable\n", r.err());
    }

    @Test
    void anUnreachableHostGivesExitThreeWithTheOthersStillReported() {
        Run r = ping(List.of(host("web-1", "198.18.0.21"), host("gone", "198.18.0.99")), "-i", "inv.yaml");
        assertEquals(ExitCode.UNREACHABLE, r.exit());
        assertTrue(r.out().contains("ok    web-1 (198.18.0.21)  debian 12"), r.out());
        assertTrue(r.out().contains("FAIL  gone (198.18.0.99)   connection refused on port 22\n"), r.out());
        assertTrue(r.out().endsWith("ping: 1 of 2 hosts reachable, 1 not\n"), r.out());
    }

    @Test
    void aMultiLineReasonKeepsItsAdviceIndentedUnderTheRow() {
        Host h = host("web-9", "198.18.0.29");
        var row = PingCommand.format(new PingCommand.Result(h,
                Optional.of(ProvisionException.unreachable(h.label() + ": host key of 198.18.0.29 is not known.\n"
                        + "  Run again with --accept-new-host-keys", null)), "", "", Optional.empty()), 20);
        assertEquals(String.format("FAIL  web-9 (198.18.0.29)   host key of 198.18.0.29 is not known.%n"
                + "        Run again with --accept-new-host-keys%n"), row);
    }

    @Test
    void aHostsOwnTextCannotFakeALineOrColourTheTerminal() {
        Host h = host("web-1", "198.18.0.21");
        var row = PingCommand.format(new PingCommand.Result(h, Optional.empty(),
                "\u001b[32mdebian 12\nok    ghost (10.0.0.1)", "sudo ok", Optional.of(java.time.Duration.ofMillis(3))), 20);
        assertEquals(String.format("ok    web-1 (198.18.0.21)   \\e[32mdebian 12\\nok    ghost (10.0.0.1)  sudo ok  rtt 3 ms%n"), row);
    }

    @Test
    void forksMustBePositive() {
        Run r = ping(List.of(host("web-1", "198.18.0.21")), "-i", "inv.yaml", "--forks", "0");
        assertEquals(ExitCode.INVALID_INPUT, r.exit());
        assertTrue(r.err().contains("--forks must be at least 1, got 0"), r.err());
    }
}
