package dev.provision.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.Secret;
import dev.provision.secret.SecretMasker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one place a run's text is masked: no listener ever sees a secret, known or learnt from a host. */
class RunEventsTest {
    static final String KNOWN = "known-Secret-4711";
    static final String OLD_KEY = "b2xkLWdvc3NpcC1rZXktb24taG9zdA==";

    final RecordingListener heard = new RecordingListener();
    final RunEvents events = new RunEvents(SecretMasker.of(List.of(Secret.of(KNOWN))), List.of(heard));

    @Test
    void everyTextIsMaskedBeforeAListenerSeesIt() {
        events.warning("the password is " + KNOWN);
        events.stepFinished("web-1", new StepResult("login " + KNOWN, StepResult.Status.FAILED, 1, "exit 1: " + KNOWN));
        events.stepWouldRun("web-1", "step", List.of("echo " + KNOWN));
        events.hostFailed("web-1", "no " + KNOWN);
        assertFalse(heard.text().contains(KNOWN), heard.text());
        assertTrue(heard.text().contains("exit 1: ********"), heard.text());
    }

    @Test
    void aDiffTeachesTheMaskerTheOldFilesSecretsForEveryLaterEventToo() {
        String before = "{\n  \"encrypt\": \"" + OLD_KEY + "\",\n  \"server\": true\n}\n";
        String after = "{\n  \"encrypt\": \"" + KNOWN + "\",\n  \"server\": true\n}\n";
        events.stepDiff("web-1", "consul config", "/etc/consul.d/consul.json", before, after);
        // Every later event, the recap's results included, masks the learnt key.
        var early = new StepResult("echo", StepResult.Status.CHANGED, 1, "wrote " + OLD_KEY);
        events.stepFinished("web-2", early);
        RunSummary recap = events.runFinished(new RunSummary(
                List.of(new HostResult("web-2", false, "old " + OLD_KEY, List.of(early), 1)), 2, false));

        assertFalse(heard.text().contains(OLD_KEY) || heard.text().contains(KNOWN), heard.text());
        assertTrue(heard.text().contains("-  \"encrypt\": \"********\","), "the diff still shows the line changed:\n" + heard.text());
        assertEquals("old ********", recap.hosts().get(0).error());
        assertEquals("wrote ********", recap.hosts().get(0).steps().get(0).detail());
    }
}
