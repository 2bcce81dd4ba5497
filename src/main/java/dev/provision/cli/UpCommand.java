package dev.provision.cli;

import dev.provision.ProvisionException;
import dev.provision.deployment.Deployment;
import dev.provision.engine.Engine;
import dev.provision.engine.RunListener;
import dev.provision.engine.UpOptions;
import dev.provision.output.ConsoleOutput;
import dev.provision.output.JsonSummaryOutput;
import dev.provision.transport.ConnectorFactory;
import dev.provision.transport.SshConnectorFactory;
import dev.provision.transport.SshSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code provision up}: converges the hosts of an inventory to the deployment in playbooks/. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        header = "Converges the hosts to the deployment in playbooks/.",
        description = {
            "Brings every host to the deployment described in playbooks/: firewalld ports, Consul",
            "(servers and clients), the microservice replicas registered with HTTP checks, HAProxy",
            "built from source following Consul. Idempotent: a second run changes nothing.",
            "Release files are checked against their SHA-256 sums before any host is contacted:",
            "a missing file exits 2, a mismatching one exits 1; nothing is uploaded either way.",
            "One run at a time: a run locks every host (a flock under /run/provision, held only",
            "while its SSH connection lives, so a killed run never leaves a stale lock) before it",
            "changes any; if another run holds one, it waits --lock-wait, then exits 4 naming that",
            "run, having changed nothing. --check takes no lock.",
        })
public final class UpCommand implements Callable<Integer> {
    public enum Output { TEXT, JSON }

    @Mixin InventoryOption inventory;
    @Mixin SshOptions ssh;

    @Option(names = "--check", description = "Show what would change; change nothing.")
    boolean check;

    @Option(names = "--diff", description = "Show before/after of every file that changes (secrets masked).")
    boolean diff;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "10",
            description = "Hosts handled at once (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for another run that holds a host (default: ${DEFAULT-VALUE}); then exit 4.")
    int lockWaitSeconds;

    @Option(names = "--serial", paramLabel = "N", defaultValue = "1",
            description = "Replicas restarted at once when a change restarts running ones (default: ${DEFAULT-VALUE}): "
                    + "each is drained from the balancer, restarted and back in rotation before the next; "
                    + "one that fails to come back stops the roll.")
    int serial;

    @Option(names = {"-l", "--limit"}, paramLabel = "HOST|GROUP",
            description = "Only these hosts or groups (comma-separated); the rest of the inventory still informs them.")
    String limit;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, or json: only the machine-readable summary on stdout (step lines go to stderr).")
    Output output;

    @Option(names = "--artifacts", paramLabel = "DIR",
            description = "Folder with the release files and their vendors' checksum files (overrides artifacts_dir).")
    Path artifacts;

    @Option(names = "--playbooks", paramLabel = "DIR",
            description = "Playbooks folder (default: the one beside the tool, else ./playbooks).")
    Path playbooks;

    @Option(names = {"-v", "--verbose"}, description = "Also print steps that are ok, the commands check mode would run, timings.")
    boolean verbose;

    @Spec CommandSpec spec;

    private final Function<SshOptions, ConnectorFactory> factories;

    public UpCommand() {
        this(UpCommand::sshFactory);
    }

    /** For tests: hosts reached through the given factory instead of SSH. */
    public UpCommand(Function<SshOptions, ConnectorFactory> factories) {
        this.factories = factories;
    }

    @Override
    public Integer call() {
        if (forks < 1) throw ProvisionException.invalidInput("--forks must be at least 1");
        if (serial < 1) throw ProvisionException.invalidInput("--serial must be at least 1");
        if (lockWaitSeconds < 0 || lockWaitSeconds > 86_400) {
            throw ProvisionException.invalidInput("--lock-wait " + lockWaitSeconds + ": give seconds from 0 (do not wait) to 86400");
        }
        SshConnectorFactory.prepareInBackground();
        Path playbooksDir = PlaybooksFolder.locate(playbooks);
        Deployment deployment = Deployment.load(inventory.inventory, playbooksDir, System.getenv());
        var options = new UpOptions(check, diff, forks, limit, artifacts, playbooksDir,
                java.time.Duration.ofSeconds(lockWaitSeconds), serial);
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        // JSON alone on stdout, so a script can read it; people still see the steps, on stderr.
        List<RunListener> listeners = output == Output.JSON
                ? List.of(new ConsoleOutput(err, verbose), new JsonSummaryOutput(out))
                : List.of(new ConsoleOutput(out, verbose));
        return new Engine(factories.apply(ssh), listeners).up(deployment, options).exitCode();
    }

    private static ConnectorFactory sshFactory(SshOptions ssh) {
        return new SshConnectorFactory(ssh.settings());
    }
}
