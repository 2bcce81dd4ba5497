package dev.provision.cli;

import dev.provision.ExitCode;
import dev.provision.lab.Lab;
import dev.provision.lab.LabInfo;
import dev.provision.lab.LabSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code provision demo}: the whole job on the built-in lab. It runs the real subcommands
 * in-process, exactly as a user would type them, so the demo proves the commands themselves.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header = "Runs lab up, up and verify on the built-in lab.",
        description = {
            "The whole job on a local lab, in three commands run for you:",
            "  provision lab up  ->  provision up  ->  provision verify",
            "Needs root on Linux (the lab's hosts are systemd containers). Prints the path of",
            "report.html last ('report: PATH'); exits as verify does.",
        })
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = LabSpec.DEFAULT_NAME,
            description = "Lab to use or create (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "" + LabSpec.DEFAULT_REPLICAS,
            description = "Service replicas in the lab (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "reports",
            description = "Where verify writes its report (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--no-disruptive", description = "Skip verify's maintenance and failover probes.")
    boolean noDisruptive;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        step(out, "provision lab up --name " + name + " --replicas " + replicas);
        LabInfo lab = new Lab(out).up(new LabSpec(name, null, replicas));
        String[] connect = {"-i", lab.inventory().toString(), "--known-hosts", lab.knownHosts().toString()};

        int up = run(out, "up", connect, List.of());
        if (up != ExitCode.OK) return up;

        var verifyArgs = new ArrayList<>(List.of("--report-dir", reportDir.toString()));
        if (noDisruptive) verifyArgs.add("--no-disruptive");
        return run(out, "verify", connect, verifyArgs);
    }

    /** Runs one subcommand on this command line's streams; returns its exit status. */
    private int run(PrintWriter out, String sub, String[] connect, List<String> more) {
        var args = new ArrayList<String>();
        args.add(sub);
        args.addAll(List.of(connect));
        args.addAll(more);
        step(out, "provision " + String.join(" ", args));
        CommandLine cl = ProvisionCommand.commandLine();
        cl.setOut(out);
        cl.setErr(spec.commandLine().getErr());
        int code = cl.execute(args.toArray(String[]::new));
        if (code != ExitCode.OK) {
            spec.commandLine().getErr().println("demo: 'provision " + sub + "' exited " + code);
            spec.commandLine().getErr().flush();
        }
        return code;
    }

    private static void step(PrintWriter out, String command) {
        out.println();
        out.println("==> " + command);
        out.flush();
    }
}
