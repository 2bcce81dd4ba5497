package dev.provision.cli;

import dev.provision.ExitCode;
import dev.provision.Printable;
import dev.provision.ProvisionException;
import dev.provision.UnreachableException;
import dev.provision.facts.Os;
import dev.provision.inventory.Host;
import dev.provision.deployment.Deployment;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.InventoryLoader;
import dev.provision.parallel.Forks;
import dev.provision.transport.Connector;
import dev.provision.transport.ConnectorFactory;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.SshConnectorFactory;
import dev.provision.transport.SshSettings;
import dev.provision.transport.SudoRefusedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code provision ping}: can every host be reached, what runs there, does sudo work. */
@Command(
        name = "ping",
        mixinStandardHelpOptions = true,
        header = "Checks that every host answers over SSH, its OS, and sudo.",
        description = "Connects to every inventory host in parallel and prints, per host as answers come: "
                + "reachable or not (and why), OS family and version, whether sudo works, round-trip time. "
                + "Host keys are checked against known_hosts; see --accept-new-host-keys.",
        footerHeading = "%nExit status:%n",
        footer = {"  0  every host answered", "  2  invalid inventory or options", "  3  a host could not be reached or authenticated"})
public final class PingCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventoryOption;

    @Mixin
    SshOptions sshOptions;

    @Option(names = "--forks", paramLabel = "N", defaultValue = "10",
            description = "How many hosts to contact at once (default: ${DEFAULT-VALUE}).")
    int forks;

    @Spec
    CommandSpec spec;

    private final Function<Path, Inventory> loader;
    private final Function<SshSettings, ConnectorFactory> factories;

    public PingCommand() {
        this(file -> InventoryLoader.load(file, System.getenv(), Deployment.schemaOf(PlaybooksFolder.locate(null))),
                SshConnectorFactory::new);
    }

    /** With another inventory loader and transport (tests). */
    PingCommand(Function<Path, Inventory> loader, Function<SshSettings, ConnectorFactory> factories) {
        this.loader = loader;
        this.factories = factories;
    }

    /** What ping found out about one host. */
    record Result(Host host, Optional<ProvisionException> failure, String os, String sudo, Optional<Duration> rtt) {
        boolean reachable() {
            return failure.isEmpty();
        }
    }

    @Override
    public Integer call() {
        if (forks < 1) throw ProvisionException.invalidInput("--forks must be at least 1, got " + forks);
        SshConnectorFactory.prepareInBackground();
        Inventory inventory = loader.apply(inventoryOption.inventory);
        var err = spec.commandLine().getErr();
        inventory.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        if (inventory.hosts().isEmpty()) {
            throw ProvisionException.invalidInput(inventoryOption.inventory + ": no hosts in the inventory");
        }
        ConnectorFactory factory = factories.apply(sshOptions.settings());
        factory.checkLocalFiles(inventory.hosts());
        var out = spec.commandLine().getOut();
        int width = inventory.hosts().stream().mapToInt(h -> h.label().length()).max().orElse(0);
        List<Result> results = Forks.map(inventory.hosts(), forks, h -> check(factory, h),
                (h, e) -> new Result(h, Optional.of(new ProvisionException(ExitCode.FAILED, h.label() + ": " + e, e)), "", "", Optional.empty()),
                r -> {
                    out.print(format(r, width));
                    out.flush();
                });
        long ok = results.stream().filter(Result::reachable).count();
        out.printf("%nping: %d of %d hosts reachable%s%n", ok, results.size(),
                ok == results.size() ? "" : ", " + (results.size() - ok) + " not");
        out.flush();
        return results.stream()
                .flatMap(r -> r.failure().stream())
                .map(ProvisionException::exitCode)
                .reduce((a, b) -> a == ExitCode.UNREACHABLE || b == ExitCode.UNREACHABLE ? ExitCode.UNREACHABLE : Math.max(a, b))
                .orElse(ExitCode.OK);
    }

    /** Connects, reads the facts ping shows, and closes; a failure is a result, not an exception. */
    static Result check(ConnectorFactory factory, Host host) {
        try (Connector c = factory.open(host)) {
            String os;
            try {
                os = Os.read(c).summary();
            } catch (ProvisionException e) {
                if (e instanceof UnreachableException) throw e;
                os = "os unknown";
            }
            return new Result(host, Optional.empty(), os, sudo(c), Optional.of(rtt(c)));
        } catch (ProvisionException e) {
            return new Result(host, Optional.of(e), "", "", Optional.empty());
        }
    }

    private static String sudo(Connector c) {
        ExecResult id = c.run(RemoteCommand.of("id", "-u"));
        if (id.ok() && id.stdout().strip().equals("0")) return "sudo: not needed (root)";
        try {
            ExecResult r = c.run(RemoteCommand.of("true").asRoot());
            return r.ok() ? "sudo: yes" : "sudo: no (exit " + r.exitStatus() + ")";
        } catch (SudoRefusedException e) {
            return "sudo: no (" + e.reason() + ")";
        }
    }

    /** The best of three trivial commands over the open connection: a session's round trip. */
    private static Duration rtt(Connector c) {
        Duration best = null;
        for (int i = 0; i < 3; i++) {
            Duration took = c.run(RemoteCommand.of("true")).took();
            if (best == null || took.compareTo(best) < 0) best = took;
        }
        return best;
    }

    /** One row per host; the lines of a long reason (what to do about a host key) indented below. */
    static String format(Result r, int width) {
        String label = String.format("%-" + width + "s", r.host().label());
        if (r.reachable()) {
            // os-release and sudo's answer are the host's text: escaped, they cannot fake our lines.
            return String.format("ok    %s  %s  %s  rtt %d ms%n", label, Printable.line(r.os()), Printable.line(r.sudo()),
                    r.rtt().orElseThrow().toMillis());
        }
        String message = r.failure().orElseThrow().getMessage();
        String prefix = r.host().label() + ": ";
        if (message.startsWith(prefix)) message = message.substring(prefix.length());
        String[] lines = Printable.lines(message).split("\n");
        var sb = new StringBuilder(String.format("FAIL  %s  %s%n", label, lines[0]));
        for (int i = 1; i < lines.length; i++) {
            sb.append("      ").append(lines[i].strip().isEmpty() ? "" : "  " + lines[i].strip()).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
