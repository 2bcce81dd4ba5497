package dev.provision.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every event a run sends, one line each, as a listener receives it. */
final class RecordingListener implements RunListener {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    /** The events of one host, in order. */
    List<String> of(String host) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.split(" ", 3).length > 1 && l.split(" ", 3)[1].equals(host)).toList();
        }
    }

    String text() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void runStarted(List<String> hosts, boolean check) {
        lines.add("runStarted " + hosts);
    }

    @Override
    public void warning(String text) {
        lines.add("warning " + text);
    }

    @Override
    public void hostStarted(String host) {
        lines.add("hostStarted " + host);
    }

    @Override
    public void factsGathered(String host, Duration connect, Duration facts, String os) {
        lines.add("factsGathered " + host + " " + os);
    }

    @Override
    public void stepWouldRun(String host, String step, List<String> actions) {
        lines.add("stepWouldRun " + host + " " + step + " " + actions);
    }

    @Override
    public void stepDiff(String host, String step, String diff) {
        lines.add("stepDiff " + host + " " + step + "\n" + diff);
    }

    @Override
    public void stepFinished(String host, StepResult r) {
        lines.add("stepFinished " + host + " " + r.name() + " " + r.status() + (r.detail() == null || r.detail().isEmpty() ? "" : " " + r.detail()));
    }

    @Override
    public void stepSkipped(String host, String step, String why) {
        lines.add("stepSkipped " + host + " " + step + ": " + why);
    }

    @Override
    public void handlerRan(String host, StepResult r) {
        lines.add("handlerRan " + host + " " + r.name() + " " + r.status());
    }

    @Override
    public void hostUnreachable(String host, String why) {
        lines.add("hostUnreachable " + host + " " + why);
    }

    @Override
    public void hostFailed(String host, String why) {
        lines.add("hostFailed " + host + " " + why);
    }

    @Override
    public void hostFinished(HostResult result) {
        lines.add("hostFinished " + result.host());
    }

    @Override
    public void runFinished(RunSummary summary) {
        lines.add("runFinished " + summary.exitCode());
    }
}
