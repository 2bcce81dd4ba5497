package dev.provision.lab;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress lines for slow work: "what ... ok 4 s", and for long steps a line every
 * {@code tickSeconds} saying how long so far, so a first run that takes minutes never looks hung.
 */
public final class Progress {
    private final PrintWriter out;
    private final int tickSeconds;

    public Progress(PrintWriter out) {
        this(out, 15);
    }

    Progress(PrintWriter out, int tickSeconds) {
        this.out = out;
        this.tickSeconds = tickSeconds;
    }

    /** Prints a plain line. */
    public synchronized void say(String line) {
        out.println(line);
        out.flush();
    }

    /**
     * Runs {@code work} and prints "what... ok N s" when done; a step still running after two
     * seconds is announced then, with a line every tick after, so only slow steps take two lines.
     */
    public <T> T step(String what, Callable<T> work) {
        long start = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        var announced = new java.util.concurrent.atomic.AtomicBoolean();
        ticker.scheduleAtFixedRate(() -> say(announced.getAndSet(true) ? "  " + what + "... " + seconds(start) + " s" : what + "..."),
                2, tickSeconds, TimeUnit.SECONDS);
        try {
            T result = work.call();
            say(what + "... ok " + seconds(start) + " s");
            return result;
        } catch (RuntimeException e) {
            say(what + "... FAILED after " + seconds(start) + " s");
            throw e;
        } catch (Exception e) {
            say(what + "... FAILED after " + seconds(start) + " s");
            throw new IllegalStateException(e);
        } finally {
            ticker.shutdownNow();
        }
    }

    /** Like {@link #step(String, Callable)} for work with no result. */
    public void run(String what, Runnable work) {
        step(what, () -> {
            work.run();
            return null;
        });
    }

    static long seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e9);
    }
}
