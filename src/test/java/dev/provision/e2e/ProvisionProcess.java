package dev.provision.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code provision ARGS} as a real child process (the test classpath and {@code dev.provision.Main}),
 * so a test can kill it as a user would: kill -9, or Ctrl-C (SIGINT). Its output (both streams)
 * is echoed to the test log and kept, so a test can wait for a line.
 */
final class ProvisionProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ProvisionProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "provision-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ProvisionProcess start(String... args) throws IOException {
        var argv = new ArrayList<String>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add("dev.provision.Main");
        argv.addAll(List.of(args));
        System.out.println("$ provision " + String.join(" ", args) + "   (child process)");
        return new ProvisionProcess(new ProcessBuilder(argv).redirectErrorStream(true).start());
    }

    private void read() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                System.out.println("  | " + l);
                synchronized (this) {
                    lines.add(l);
                    notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process was killed: its output ends here
        }
    }

    /** Waits until a line matches (true) or the process ended or the time ran out (false). */
    synchronized boolean awaitLine(Predicate<String> match, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) if (match.test(lines.get(seen))) return true;
            long left = until - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && !reader.isAlive())) return false;
            wait(Math.max(1, Math.min(500, TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    synchronized String output() {
        return String.join("\n", lines);
    }

    /** kill -9: no shutdown hook, no goodbye on any connection. */
    int kill9() throws InterruptedException {
        process.destroyForcibly();
        return exitCode();
    }

    /** Ctrl-C. */
    int interrupt() throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        return exitCode();
    }

    int exitCode() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("provision did not end within 60 s");
        }
        reader.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
