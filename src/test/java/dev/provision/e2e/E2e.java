package dev.provision.e2e;

import dev.provision.cli.ProvisionCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;

/**
 * What every end-to-end test needs: the rule that they run in CI (never skip there), and the
 * real command line run in-process with its output captured.
 */
public final class E2e {
    private E2e() {}

    /** True when CI runs us (env CI=true): then a missing precondition is a failure, not a skip. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips outside CI, fails in CI, when this machine cannot boot a lab (root on Linux). */
    public static void requireLabMachine() {
        String missing = null;
        if (!"Linux".equals(System.getProperty("os.name"))) {
            missing = "a Linux machine";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            missing = "root (run the tests with sudo)";
        } else if (!Files.isExecutable(Path.of("/usr/bin/systemd-nspawn"))) {
            missing = "systemd-nspawn (apt-get install systemd-container)";
        } else if (!Files.isExecutable(Path.of("/usr/sbin/debootstrap"))) {
            missing = "debootstrap (apt-get install debootstrap)";
        }
        if (missing == null) return;
        String message = "end-to-end lab tests need " + missing;
        if (inCi()) throw new AssertionError(message + "; in CI they must run, not skip");
        Assumptions.abort("skipped: " + message);
    }

    /** What one run of the command line gave back. */
    public record Run(String[] args, int exitCode, String out, String err) {
        /** Output of both streams, for assertion messages. */
        public String transcript() {
            return "$ provision " + String.join(" ", args) + "\n[exit " + exitCode + "]\n" + out + err;
        }
    }

    /** Runs {@code provision ARGS} in this JVM, as Main would, and captures what it printed. */
    public static Run provision(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = ProvisionCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        var run = new Run(args, code, out.toString(), err.toString());
        // Echo to the test log, so a CI failure shows what the tool said.
        System.out.println(run.transcript());
        return run;
    }

    /** The value of a "key: value" line the tool printed (e.g. "inventory: PATH"). */
    public static String lineValue(String output, String key) {
        return Arrays.stream(output.split("\n"))
                .map(String::strip)
                .filter(l -> l.startsWith(key + ":"))
                .map(l -> l.substring(key.length() + 1).strip())
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no '" + key + ":' line in:\n" + output));
    }
}
