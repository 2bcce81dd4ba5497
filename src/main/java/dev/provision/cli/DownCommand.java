package dev.provision.cli;

import dev.provision.ProvisionException;
import dev.provision.deployment.Deployment;
import dev.provision.engine.RunListener;
import dev.provision.engine.Teardown;
import dev.provision.engine.UpOptions;
import dev.provision.output.ConsoleOutput;
import dev.provision.output.JsonSummaryOutput;
import dev.provision.transport.ConnectorFactory;
import dev.provision.transport.SshConnectorFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code provision down}: takes the deployment off the hosts (playbooks/down/), drained first. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        header = "Takes the deployment off the hosts: drained, stopped, removed.",
        description = {
            "Runs the teardown plays of playbooks/down/ in order, each on its hosts in parallel:",
            "every replica of every service is drained first (Consul maintenance, then a bounded",
            "wait until Consul no longer lists it and HAProxy's resolver has dropped it), stopped,",
            "deregistered; then the NATS broker, HAProxy (binary, source and build folder, config),",
            "consul-template, then Consul (each agent leaves the cluster with `consul leave`; the",
            "servers last). Their units, users, files and firewall ports go with them; the SSH port",
            "always stays open. Packages stay installed (Java, HAProxy's build dependencies,",
            "firewalld): `up` would install them again.",
            "--limit HOST retires one replica: traffic through the balancer goes on without it.",
            "Idempotent: a second run changes nothing. Locks every host as `up` does (exit 4 when",
            "another run holds one); --check shows what would be removed and changes nothing.",
        })
public final class DownCommand implements Callable<Integer> {
    @Mixin InventoryOption inventory;
    @Mixin SshOptions ssh;

    @Option(names = "--check", description = "Show what would be removed; change nothing.")
    boolean check;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "10",
            description = "Hosts handled at once (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for another run that holds a host (default: ${DEFAULT-VALUE}); then exit 4.")
    int lockWaitSeconds;

    @Option(names = {"-l", "--limit"}, paramLabel = "HOST|GROUP",
            description = "Only these hosts or groups (comma-separated), e.g. one replica to retire.")
    String limit;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, or json: only the machine-readable summary on stdout (step lines go to stderr).")
    UpCommand.Output output;

    @Option(names = "--playbooks", paramLabel = "DIR",
            description = "Playbooks folder (default: the one beside the tool, else ./playbooks); its down/ is run.")
    Path playbooks;

    @Option(names = {"-v", "--verbose"}, description = "Also print steps that are ok, the commands check mode would run, timings.")
    boolean verbose;

    @Spec CommandSpec spec;

    private final Function<SshOptions, ConnectorFactory> factories;

    public DownCommand() {
        this(s -> new SshConnectorFactory(s.settings()));
    }

    /** For tests: hosts reached through the given factory instead of SSH. */
    public DownCommand(Function<SshOptions, ConnectorFactory> factories) {
        this.factories = factories;
    }

    @Override
    public Integer call() {
        if (forks < 1) throw ProvisionException.invalidInput("--forks must be at least 1");
        if (lockWaitSeconds < 0 || lockWaitSeconds > 86_400) {
            throw ProvisionException.invalidInput("--lock-wait " + lockWaitSeconds + ": give seconds from 0 (do not wait) to 86400");
        }
        SshConnectorFactory.prepareInBackground();
        Path playbooksDir = PlaybooksFolder.locate(playbooks);
        Deployment deployment = Deployment.load(inventory.inventory, playbooksDir, System.getenv());
        var options = new UpOptions(check, false, forks, limit, null, playbooksDir, Duration.ofSeconds(lockWaitSeconds));
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        List<RunListener> listeners = output == UpCommand.Output.JSON
                ? List.of(new ConsoleOutput(err, verbose), new JsonSummaryOutput(out))
                : List.of(new ConsoleOutput(out, verbose));
        return new Teardown(factories.apply(ssh), listeners).down(deployment, options).exitCode();
    }
}
