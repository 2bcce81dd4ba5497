package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one process on this machine with a timeout and captures its output. Output goes to
 * temporary files rather than pipes, so a chatty command (debootstrap) can never block on a
 * full pipe while we wait for it.
 */
public final class LocalCommand {
    private static final File DEV_NULL = new File("/dev/null");

    private LocalCommand() {}

    /** Runs {@code argv}; returns its result whatever the exit status; throws only on timeout or if it cannot start. */
    public static LocalResult run(Duration timeout, List<String> argv) {
        return run(timeout, argv, null, Map.of());
    }

    /** Like {@link #run(Duration, List)}, in directory {@code dir} (may be null) with extra environment. */
    public static LocalResult run(Duration timeout, List<String> argv, Path dir, Map<String, String> env) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("provision-cmd", ".out");
            err = Files.createTempFile("provision-cmd", ".err");
            var pb = new ProcessBuilder(resolve(argv))
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            // Stable, parseable output from every tool, and no prompts.
            pb.environment().put("LC_ALL", "C");
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw ProvisionException.failed("timed out after " + timeout.toSeconds() + " s: "
                        + String.join(" ", argv) + tail(Files.readString(err, StandardCharsets.UTF_8)));
            }
            return new LocalResult(List.copyOf(argv), p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProvisionException(1, "cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProvisionException.failed("interrupted while running " + String.join(" ", argv));
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Runs {@code argv} and returns its stdout; a non-zero exit fails with the command and its stderr. */
    public static String check(Duration timeout, String... argv) {
        return check(run(timeout, List.of(argv)));
    }

    /** Returns the stdout of {@code r}, or fails naming the command and quoting its stderr. */
    public static String check(LocalResult r) {
        if (!r.ok()) {
            String detail = r.stderr().isBlank() ? r.stdout() : r.stderr();
            throw ProvisionException.failed("command failed (exit " + r.exitCode() + "): "
                    + String.join(" ", r.command()) + tail(detail));
        }
        return r.stdout();
    }

    /** Whether {@code argv} exits 0 (for probes like "does this link exist"). */
    public static boolean succeeds(Duration timeout, String... argv) {
        return run(timeout, List.of(argv)).ok();
    }

    /** Finds the program in sbin too: a non-login root shell often lacks it in PATH. */
    private static List<String> resolve(List<String> argv) {
        String prog = argv.get(0);
        if (prog.contains("/")) {
            return argv;
        }
        Path found = Preconditions.which(prog);
        if (found == null) {
            return argv;
        }
        var copy = new java.util.ArrayList<>(argv);
        copy.set(0, found.toString());
        return copy;
    }

    private static String tail(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return "";
        }
        // The end of stderr holds the reason; keep the message readable.
        if (t.length() > 2000) {
            t = "..." + t.substring(t.length() - 2000);
        }
        return "\n" + t;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file left in /tmp is harmless
            }
        }
    }
}
