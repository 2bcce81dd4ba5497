package dev.provision.engine;

import java.time.Duration;
import java.util.List;

/**
 * What {@code up} tells while it runs, like Ansible's callback plugins: the console, the JSON
 * summary and any future format are listeners, each showing the events it cares about. Every
 * text has had its secrets masked before a listener sees it ({@link RunEvents}), so a listener
 * only formats. Events come from the hosts' threads one at a time; one host's in order.
 */
public interface RunListener {
    default void runStarted(List<String> hosts, boolean check) {}

    /** Something in the input worth saying that does not stop the run. */
    default void warning(String text) {}

    /** Playbooks, variables, secrets and artifacts all checked; no host contacted yet. */
    default void inputsChecked(Duration took) {}

    default void hostStarted(String host) {}

    /** down: a phase (one teardown play) starts on these hosts; the next starts when all of them finished it. */
    default void phaseStarted(String phase, List<String> hosts) {}

    /** Connected and the facts read; {@code os} as "ID VERSION_ID". */
    default void factsGathered(String host, Duration connect, Duration facts, String os) {}

    /** A long step is still running, {@code seconds} after it started. */
    default void stepRunning(String host, String step, long seconds) {}

    /** A rolled handler ({@code roll:}) waits for its turn, or for its host to leave or rejoin service. */
    default void rollProgress(String host, String step, String text) {}

    /** Check mode: what a step that would change would run. */
    default void stepWouldRun(String host, String step, List<String> actions) {}

    /** A file the step changes, as a unified diff of the host's old file and the new one. */
    default void stepDiff(String host, String step, String diff) {}

    default void stepFinished(String host, StepResult result) {}

    /** A step left out because an earlier step of the host failed. */
    default void stepSkipped(String host, String step, String why) {}

    /** A notified handler ran; by default shown like any step. */
    default void handlerRan(String host, StepResult result) {
        stepFinished(host, result);
    }

    default void hostUnreachable(String host, String why) {}

    /** The host stopped outside any step (its facts could not be read). */
    default void hostFailed(String host, String why) {}

    default void hostFinished(HostResult result) {}

    /** Every host done: the recap. */
    default void runFinished(RunSummary summary) {}
}
