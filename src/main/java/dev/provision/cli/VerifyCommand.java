package dev.provision.cli;

import dev.provision.ExitCode;
import dev.provision.Printable;
import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.deployment.Deployment;
import dev.provision.engine.DeploymentSecrets;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.probes.BalancerClient;
import dev.provision.probes.HttpAnswer;
import dev.provision.probes.PortChecker;
import dev.provision.probes.ProbeContext;
import dev.provision.probes.RoundRobinVerdict;
import dev.provision.probes.VerifyOptions;
import dev.provision.probes.VerifyRun;
import dev.provision.report.Evidence;
import dev.provision.report.Format;
import dev.provision.report.ProbeResult;
import dev.provision.report.ReportPublisher;
import dev.provision.secret.EnvironmentSecrets;
import dev.provision.secret.SecretMasker;
import dev.provision.transport.Connections;
import dev.provision.transport.Connector;
import dev.provision.transport.SshConnectorFactory;
import dev.provision.transport.SshSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code provision verify}: runs the probes against a deployment and writes the evidence report. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        header = "Proves the deployment works; writes the evidence report.",
        description = {
            "Proves the deployment works: every host reachable, the Consul cluster whole,",
            "one passing instance per replica, exactly each role's ports open, requests",
            "through the balancer in strict round robin over every passing replica, a",
            "replica in Consul maintenance leaving and rejoining the rotation, and no",
            "request lost while a replica stops and starts; with a 'brokers' group, every",
            "NATS broker up, registered and passing in Consul, and routed to the others.",
            "Writes report.html, report.md, report.json and junit.xml to DIR/<timestamp>/",
            "(DIR/latest points at it); the last line is 'report: PATH'.",
            "Required probes: reachability, consul-cluster, catalog, firewall, broker, round-robin.",
            "Also required: routing (every service's route). broker runs only with a 'brokers'",
            "group, publish-subscribe only with a broker and the orders and web samples.",
            "Optional: maintenance, failover and broker-restart (they disturb the deployment, and",
            "--no-disruptive skips them). The report lists the skipped probes; it passes",
            "when every probe that ran passed and no required probe was skipped.",
            "Exits 1 when a probe fails, 3 when a host cannot be reached (the report is",
            "written in both cases).",
        })
public final class VerifyCommand implements Callable<Integer> {
    /** Connections opened at once. */
    private static final int FORKS = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOption inventoryOption;

    @Mixin
    SshOptions sshOptions;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "10",
            description = "Requests each replica must answer in the round-robin probe, at least 3 "
                    + "(default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--no-disruptive",
            description = "Skip the probes that disturb the deployment (maintenance mode, stopping a replica).")
    boolean noDisruptive;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "reports",
            description = "Where reports go, one folder per run, DIR/latest the newest (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "Longest a replica may take to leave or rejoin the rotation (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "20",
            description = "Ask a failing read-only probe again, once a second, for up to this long: a "
                    + "deployment just changed needs a few seconds. The round-robin probe is never asked "
                    + "again: it waits up to this long for Consul and HAProxy to agree (every replica "
                    + "passing, every server UP), then measures once (0: no wait; default: ${DEFAULT-VALUE}).")
    int settleSeconds;

    @Option(names = "--playbooks", paramLabel = "DIR",
            description = "Playbooks folder the deployment was made with (default: the one beside the tool, else ./playbooks).")
    Path playbooks;

    @Option(names = "--strict",
            description = "Fail on warnings too: a Consul member that is not in the inventory.")
    boolean strict;

    @Override
    public Integer call() {
        if (settleSeconds < 0 || settleSeconds > 600) {
            throw ProvisionException.invalidInput("--settle must be between 0 and 600 seconds, got " + settleSeconds);
        }
        if (requests < RoundRobinVerdict.MIN_PER_REPLICA || requests > 1000) {
            throw ProvisionException.invalidInput("--requests must be between " + RoundRobinVerdict.MIN_PER_REPLICA
                    + " and 1000, got " + requests + ": fewer than " + RoundRobinVerdict.MIN_PER_REPLICA
                    + " answers per replica cannot show a strict rotation");
        }
        SshConnectorFactory.prepareInBackground();
        if (timeoutSeconds < 1 || timeoutSeconds > 600) {
            throw ProvisionException.invalidInput("--timeout must be between 1 and 600 seconds, got " + timeoutSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path invPath = inventoryOption.inventory;
        Deployment deployment = Deployment.load(invPath, PlaybooksFolder.locate(playbooks), System.getenv());
        Inventory inv = deployment.inventory();
        Host lb = deployment.balancer();
        deployment.consulServer();
        SshSettings settings = sshOptions.settings();
        VerifyOptions options = VerifyOptions.defaults().withRequests(requests)
                .withTimeout(Duration.ofSeconds(timeoutSeconds)).withDisruptive(!noDisruptive)
                .withSettle(Duration.ofSeconds(settleSeconds)).withStrict(strict);
        // Every secret from every source; verify only reads the stored ones, never creates one.
        var secrets = DeploymentSecrets.besideInventory(inv);
        var redactor = SecretMasker.of(secrets.all());
        redactor.addAll(EnvironmentSecrets.in(System.getenv()));
        settings.becomePassword().ifPresent(redactor::add);
        Optional<Secret> statsPassword = secrets.existingStatsPassword(lb);
        secrets.store().warnings().forEach(w -> out.println(redactor.mask("warning: " + w)));

        out.printf("verify: %d hosts from %s, balancer %s:%d%n", inv.hosts().size(), invPath, lb.address(),
                deployment.lbPort());
        out.flush();
        Evidence evidence;
        List<Connections.Attempt> failures;
        try (Connections conns = Connections.open(inv.hosts(), new SshConnectorFactory(settings), FORKS, a -> {})) {
            var connectors = new LinkedHashMap<String, Connector>();
            var unreachable = new LinkedHashMap<String, String>();
            for (var a : conns.attempts()) {
                if (a.connected()) connectors.put(a.host().name(), a.connector().get());
                else unreachable.put(a.host().name(), redactor.apply(a.failure().map(Throwable::getMessage).orElse("?")));
            }
            failures = conns.failures();
            var balancer = new BalancerClient(lb.address(), deployment.lbPort(), "/", options.requestTimeout());
            var ctx = new ProbeContext(inv, deployment, connectors, unreachable, balancer,
                    PortChecker.tcp(Duration.ofSeconds(2)), options);
            var meta = new VerifyRun.Meta(VersionProvider.version(), commandLine(), sha256(invPath));
            // Ctrl-C during a disruptive probe must not leave a replica stopped or in maintenance.
            var restore = new Thread(ctx::runPendingUndo, "verify-restore");
            Runtime.getRuntime().addShutdownHook(restore);
            try {
                evidence = VerifyRun.run(ctx, VerifyRun.standardProbes(deployment), meta, r -> printResult(out, r, redactor),
                        () -> haproxyStats(lb, deployment, statsPassword, options));
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or will: nothing to remove
                }
            }
        }
        Path dir;
        try {
            dir = new ReportPublisher(ReportPublisher.standardWriters(), redactor).publish(evidence, reportDir);
        } catch (UncheckedIOException e) {
            throw ProvisionException.failed(e.getMessage());
        }
        long passed = evidence.probes().stream().filter(ProbeResult::passed).count();
        var skipped = evidence.skippedProbes().stream().map(ProbeResult::id).toList();
        out.printf("%d of %d probes passed in %s%s%n", passed, evidence.probes().size(),
                Format.duration(evidence.duration()), skipped.isEmpty() ? "" : " (skipped: " + String.join(", ", skipped) + ")");
        out.println("report: " + dir.resolve("report.html"));
        out.flush();
        if (!failures.isEmpty()) {
            var names = failures.stream().map(f -> f.host().name()).toList();
            throw new ProvisionException(failures.get(0).failure().get().exitCode(),
                    "unreachable: " + String.join(", ", names) + " (report written)");
        }
        if (!evidence.passed()) {
            var failed = evidence.failedProbes().stream()
                    .map(p -> p.id() + " (" + redactor.apply(p.error().orElse("failed")) + ")").toList();
            throw ProvisionException.failed("failed: " + String.join("; ", failed));
        }
        return ExitCode.OK;
    }

    private static void printResult(PrintWriter out, ProbeResult r, SecretMasker redactor) {
        String mark = switch (r.status()) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case SKIPPED -> "SKIP";
        };
        // Probe results quote what hosts answered: control characters shown, not obeyed.
        out.printf("  %s  %-15s %s (%s)%n", mark, r.id(), Printable.line(redactor.apply(r.actual())), Format.duration(r.duration()));
        if (r.failed()) out.println("        " + Printable.lines(redactor.apply(r.error().orElse(""))));
        out.flush();
    }

    /** The command as typed, for the report: "provision verify -i ..." */
    private String commandLine() {
        var parse = spec.root().commandLine().getParseResult();
        List<String> args = parse != null ? parse.originalArgs() : List.of("verify");
        return "provision " + String.join(" ", args);
    }

    /** HAProxy's server states, from its stats page as CSV (the page needs the stats password). */
    private static String haproxyStats(Host lb, Deployment d, Optional<Secret> pw, VerifyOptions o) {
        if (pw.isEmpty()) {
            return "(not captured: no stats_password in the inventory, none beside it in .provision/secrets/)";
        }
        HttpAnswer a = new BalancerClient(lb.address(), d.statsPort(), "/;csv", o.requestTimeout())
                .withBasicAuth(d.statsUser(), pw.get().reveal()).get();
        return a.ok() ? a.body() : "(not captured: stats page answered " + a.describe() + ")";
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw ProvisionException.invalidInput("cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
