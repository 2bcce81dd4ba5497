package dev.provision.output;

import dev.provision.Printable;
import dev.provision.engine.HostResult;
import dev.provision.engine.RunListener;
import dev.provision.engine.RunSummary;
import dev.provision.engine.StepResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The run as people read it: one line per step per host, progress of long steps, diffs, and
 * the recap; with {@code verbose} also ok steps' details, what check mode would run and
 * timings. Text from hosts or files has its control characters escaped ({@link Printable}):
 * an ANSI sequence or a newline in it cannot fake our output. (Secrets are already masked.)
 */
public final class ConsoleOutput implements RunListener {
    private static final String INDENT = "           ";
    private final PrintWriter out;
    private final boolean verbose;

    public ConsoleOutput(PrintWriter out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    @Override
    public void warning(String text) {
        line("warning: " + text);
    }

    @Override
    public void inputsChecked(Duration took) {
        if (verbose) line(String.format("timing   playbooks, secrets, artifacts checked: %d ms", took.toMillis()));
    }

    @Override
    public void phaseStarted(String phase, List<String> hosts) {
        line("-- " + phase + ": " + String.join(", ", hosts));
    }

    @Override
    public void factsGathered(String host, Duration connect, Duration facts, String os) {
        if (verbose) {
            line(String.format("timing   %-14s connect %d ms, facts %d ms (%s)", host, connect.toMillis(), facts.toMillis(), os));
        }
    }

    @Override
    public void stepRunning(String host, String step, long seconds) {
        out.printf("%-8s %-14s %s: still running, %d s%n", "...", Printable.line(host), Printable.line(step), seconds);
        out.flush();
    }

    @Override
    public void rollProgress(String host, String step, String text) {
        out.printf("%-8s %-14s %s: %s%n", "roll", Printable.line(host), Printable.line(step), Printable.line(text));
        out.flush();
    }

    @Override
    public void stepWouldRun(String host, String step, List<String> actions) {
        if (verbose) actions.forEach(a -> block("would: " + a));
    }

    @Override
    public void stepDiff(String host, String step, String diff) {
        line(String.format("%-8s %-14s %s", "diff", host, step));
        block(diff);
    }

    @Override
    public void stepFinished(String host, StepResult r) {
        String status = r.status().name().toLowerCase(Locale.ROOT);
        String detail = r.detail() == null || r.detail().isBlank() || (r.status() == StepResult.Status.OK && !verbose)
                ? "" : "  (" + r.detail() + ")";
        out.printf("%-8s %-14s %s%s%n", status, Printable.line(host), Printable.line(r.name()), Printable.line(detail));
        out.flush();
    }

    @Override
    public void hostUnreachable(String host, String why) {
        out.printf("%-8s %-14s %s%n", "unreach.", Printable.line(host), Printable.line(why));
        out.flush();
    }

    @Override
    public void hostFailed(String host, String why) {
        line(String.format("%-8s %-14s %s", "failed", host, why));
    }

    @Override
    public void runFinished(RunSummary s) {
        var sb = new StringBuilder(s.check() ? "\nRECAP (check mode: nothing was changed)\n" : "\nRECAP\n");
        for (HostResult h : s.hosts()) {
            sb.append(String.format(Locale.ROOT, "%-14s ok=%-3d changed=%-3d failed=%-3d unreachable=%d  %.1f s%n", h.host(),
                    h.count(StepResult.Status.OK), h.count(StepResult.Status.CHANGED), h.count(StepResult.Status.FAILED),
                    h.unreachable() ? 1 : 0, h.seconds()));
        }
        for (HostResult h : s.hosts()) {
            for (StepResult r : h.steps()) {
                if (r.rolled()) {
                    sb.append(String.format(Locale.ROOT, "rolled   %-14s %s: out of rotation %.1f s%s%n", h.host(), r.name(),
                            r.outOfRotation(), r.status() == StepResult.Status.FAILED ? " (failed)" : ""));
                } else if (r.status() == StepResult.Status.FAILED && r.detail() != null && r.detail().startsWith("not rolled")) {
                    sb.append(String.format(Locale.ROOT, "%-8s %-14s %s: %s%n", "unrolled", h.host(), r.name(), r.detail()));
                }
            }
        }
        sb.append(String.format(Locale.ROOT, "%d hosts in %.1f s", s.hosts().size(), s.seconds()));
        line(sb.toString());
    }

    private void line(String text) {
        out.println(Printable.lines(text));
        out.flush();
    }

    /** Indented lines under a step (planned commands, diffs). */
    private void block(String text) {
        for (String l : Printable.lines(text).split("\n")) out.println(INDENT + l);
        out.flush();
    }
}
