package dev.provision.engine;

import dev.provision.secret.SecretMasker;
import java.time.Duration;
import java.util.List;

/**
 * The one place a run's text is masked: the engine reports every event here, and the listeners
 * get it with every known secret replaced. Text read back from a host (a file's old content)
 * teaches the masker its secrets before any of it is passed on. One event at a time, so
 * listeners need no locks and lines from parallel hosts never interleave.
 */
final class RunEvents {
    private final SecretMasker masker;
    private final List<RunListener> listeners;

    RunEvents(SecretMasker masker, List<RunListener> listeners) {
        this.masker = masker;
        this.listeners = List.copyOf(listeners);
    }

    synchronized void runStarted(List<String> hosts, boolean check) {
        List<String> masked = hosts.stream().map(masker::mask).toList();
        listeners.forEach(l -> l.runStarted(masked, check));
    }

    synchronized void warning(String text) {
        String masked = masker.mask(text);
        listeners.forEach(l -> l.warning(masked));
    }

    synchronized void inputsChecked(Duration took) {
        listeners.forEach(l -> l.inputsChecked(took));
    }

    synchronized void hostStarted(String host) {
        String h = masker.mask(host);
        listeners.forEach(l -> l.hostStarted(h));
    }

    synchronized void phaseStarted(String phase, List<String> hosts) {
        String p = masker.mask(phase);
        List<String> h = hosts.stream().map(masker::mask).toList();
        listeners.forEach(l -> l.phaseStarted(p, h));
    }

    synchronized void factsGathered(String host, Duration connect, Duration facts, String os) {
        String h = masker.mask(host);
        String o = masker.mask(os);
        listeners.forEach(l -> l.factsGathered(h, connect, facts, o));
    }

    synchronized void stepRunning(String host, String step, long seconds) {
        String h = masker.mask(host);
        String s = masker.mask(step);
        listeners.forEach(l -> l.stepRunning(h, s, seconds));
    }

    synchronized void rollProgress(String host, String step, String text) {
        String h = masker.mask(host);
        String s = masker.mask(step);
        String t = masker.mask(text);
        listeners.forEach(l -> l.rollProgress(h, s, t));
    }

    synchronized void stepWouldRun(String host, String step, List<String> actions) {
        String h = masker.mask(host);
        String s = masker.mask(step);
        List<String> a = actions.stream().map(masker::mask).toList();
        listeners.forEach(l -> l.stepWouldRun(h, s, a));
    }

    /**
     * A file's change as a diff. {@code before} is the host's text: its secrets (an old gossip
     * key, a password another controller set) are learnt first, so neither side shows them.
     */
    synchronized void stepDiff(String host, String step, String path, String before, String after) {
        masker.learnFrom(before);
        String h = masker.mask(host);
        String s = masker.mask(step);
        String diff = masker.mask(LineDiff.of(path, before, after));
        listeners.forEach(l -> l.stepDiff(h, s, diff));
    }

    synchronized void stepFinished(String host, StepResult result) {
        String h = masker.mask(host);
        StepResult r = masked(result);
        listeners.forEach(l -> l.stepFinished(h, r));
    }

    synchronized void stepSkipped(String host, String step, String why) {
        String h = masker.mask(host);
        String s = masker.mask(step);
        String w = masker.mask(why);
        listeners.forEach(l -> l.stepSkipped(h, s, w));
    }

    synchronized void handlerRan(String host, StepResult result) {
        String h = masker.mask(host);
        StepResult r = masked(result);
        listeners.forEach(l -> l.handlerRan(h, r));
    }

    synchronized void hostUnreachable(String host, String why) {
        String h = masker.mask(host);
        String w = masker.mask(why);
        listeners.forEach(l -> l.hostUnreachable(h, w));
    }

    synchronized void hostFailed(String host, String why) {
        String h = masker.mask(host);
        String w = masker.mask(why);
        listeners.forEach(l -> l.hostFailed(h, w));
    }

    synchronized void hostFinished(HostResult result) {
        HostResult r = masked(result);
        listeners.forEach(l -> l.hostFinished(r));
    }

    /**
     * The recap, masked with every secret learnt during the run (a step of one host may have
     * printed before another host's old file taught the masker a value). The engine returns it.
     */
    synchronized RunSummary runFinished(RunSummary summary) {
        var masked = new RunSummary(summary.hosts().stream().map(this::masked).toList(), summary.seconds(), summary.check());
        listeners.forEach(l -> l.runFinished(masked));
        return masked;
    }

    private HostResult masked(HostResult h) {
        return new HostResult(masker.mask(h.host()), h.unreachable(), masker.mask(h.error()),
                h.steps().stream().map(this::masked).toList(), h.seconds(), h.heldBy() == null ? null : masker.mask(h.heldBy()));
    }

    private StepResult masked(StepResult r) {
        return new StepResult(masker.mask(r.name()), r.status(), r.seconds(), masker.mask(r.detail()), r.outOfRotation());
    }
}
