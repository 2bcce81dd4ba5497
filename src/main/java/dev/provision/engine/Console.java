package dev.provision.engine;

import dev.provision.Printable;
import dev.provision.secret.SecretMasker;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What a run prints while it happens: one line per step per host, progress of long steps,
 * plan details in check mode. Lines from parallel hosts are printed whole. Every text passes
 * through the {@link SecretMasker}, and text from hosts or files has its control characters
 * escaped ({@link Printable}): an ANSI sequence or a newline in it cannot fake our output.
 */
public final class Console {
    private final PrintStream out;
    private final SecretMasker masker;
    private final boolean verbose;

    public Console(PrintStream out, SecretMasker masker, boolean verbose) {
        this.out = out;
        this.masker = masker;
        this.verbose = verbose;
    }

    public synchronized void step(String host, StepResult r) {
        String status = r.status().name().toLowerCase(Locale.ROOT);
        String detail = r.detail() == null || r.detail().isBlank() ? "" : "  (" + r.detail() + ")";
        if (r.status() == StepResult.Status.OK && !verbose) detail = "";
        out.printf("%-8s %-14s %s%s%n", status, Printable.line(host), Printable.line(r.name()),
                Printable.line(masker.mask(detail)));
        out.flush();
    }

    public synchronized void line(String text) {
        out.println(Printable.lines(masker.mask(text)));
        out.flush();
    }

    /** Indented lines under a step (planned commands, diffs). */
    public synchronized void block(String text) {
        for (String l : Printable.lines(masker.mask(text)).split("\n")) out.println("           " + l);
        out.flush();
    }

    /** Remembers the secrets in a text read from a host, so no output shows them. */
    public void learnFromHost(String text) {
        masker.learnFrom(text);
    }

    public synchronized void progress(String host, String step, long seconds) {
        out.printf("%-8s %-14s %s: still running, %d s%n", "...", Printable.line(host), Printable.line(step), seconds);
        out.flush();
    }

    public synchronized void unreachable(String host, String why) {
        out.printf("%-8s %-14s %s%n", "unreach.", Printable.line(host), Printable.line(masker.mask(why)));
        out.flush();
    }
}
