package dev.provision.probes;

import dev.provision.report.Format;
import dev.provision.report.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides from the recorded answers whether a stopped replica really left and came back: a pure
 * function, so each failing verdict is tested on recorded samples without a host.
 *
 * <p>"No request lost" only means something if the replica was out: it must have answered
 * before the stop, answered none of the requests sent while it was stopped, enough of those
 * requests must have been answered by others to show its absence (a full rotation), and it must
 * answer again after its start.
 */
final class OutageVerdict {
    private OutageVerdict() {}

    /**
     * When the disruption happened, in milliseconds on the samples' clock.
     *
     * @param stopIssuedMs the stop command was sent
     * @param stoppedMs the stop command returned: the service is down from here
     * @param startIssuedMs the start command was sent: the service may answer again from here
     * @param startedMs the start command returned
     */
    record Marks(long stopIssuedMs, long stoppedMs, long startIssuedMs, long startedMs) {}

    /**
     * What was shown.
     *
     * @param problems why the outage was not shown; empty when it was
     * @param lastBeforeMs the replica's last answer sent before the stop, or -1
     * @param servedAgainMs its first answer sent after the start, or -1
     * @param whileStopped answered requests sent while it was stopped (all from others when it left)
     * @param fromItWhileStopped of those, answered by the stopped replica
     * @param absent the stretch it was missing from the answers, when it left
     */
    record Result(List<String> problems, long lastBeforeMs, long servedAgainMs, int whileStopped,
            int fromItWhileStopped, Optional<Timeline.Window> absent) {
        boolean shown() {
            return problems.isEmpty();
        }
    }

    /**
     * @param rotationSize replicas in the rotation before the stop: any this many answers in a row
     *     include every one of them, so that many answers without the replica show it absent
     * @param timeoutMs how long after its start it may take to answer again
     */
    static Result judge(List<Timeline.Sample> samples, String replica, int rotationSize, Marks m, long timeoutMs) {
        var problems = new ArrayList<String>();
        long lastBefore = -1;
        long servedAgain = -1;
        int whileStopped = 0;
        int fromIt = 0;
        long firstFromIt = -1;
        for (Timeline.Sample s : samples) {
            boolean its = s.ok() && replica.equals(s.replica());
            if (s.atMs() < m.stopIssuedMs() && its) lastBefore = s.atMs();
            if (s.atMs() >= m.stoppedMs() && s.atMs() < m.startIssuedMs() && s.ok()) {
                whileStopped++;
                if (its) {
                    fromIt++;
                    if (firstFromIt < 0) firstFromIt = s.atMs();
                }
            }
            if (servedAgain < 0 && its && s.atMs() >= m.startedMs()) servedAgain = s.atMs();
        }
        if (lastBefore < 0) {
            problems.add(replica + " never answered before the stop: its absence afterwards would prove nothing");
        }
        long stoppedFor = m.startIssuedMs() - m.stoppedMs();
        if (fromIt > 0) {
            problems.add(replica + " answered " + fromIt + " of the " + whileStopped + " requests sent while its service was "
                    + "stopped (first at " + Format.millis(firstFromIt) + "): it never left the rotation");
        } else if (whileStopped < rotationSize) {
            problems.add("the outage cannot be shown: " + whileStopped + " answers in the " + Format.millis(stoppedFor)
                    + " " + replica + " was stopped, at least " + rotationSize + " (a full rotation) are needed to show it "
                    + "absent");
        }
        if (servedAgain < 0) {
            problems.add(replica + " never answered again within " + Format.millis(timeoutMs) + " of its start");
        } else if (servedAgain - m.startedMs() > timeoutMs) {
            problems.add(replica + " answered again only " + Format.millis(servedAgain - m.startedMs()) + " after its start, "
                    + "more than " + Format.millis(timeoutMs));
        }
        Optional<Timeline.Window> absent = Optional.empty();
        if (lastBefore >= 0 && fromIt == 0) {
            long end = servedAgain >= 0 ? servedAgain : samples.isEmpty() ? lastBefore : samples.get(samples.size() - 1).atMs();
            absent = Optional.of(new Timeline.Window(replica + " absent from the answers", lastBefore, end));
        }
        return new Result(List.copyOf(problems), lastBefore, servedAgain, whileStopped, fromIt, absent);
    }
}
