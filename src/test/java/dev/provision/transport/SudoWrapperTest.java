package dev.provision.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SudoWrapperTest {
    @Test
    void withoutPasswordSudoMustNotPrompt() {
        String line = SudoWrapper.wrap("id -u", false);
        assertTrue(line.startsWith("sudo -n -- sh -c '"), line);
    }

    @Test
    void withPasswordSudoReadsStdinWithoutPromptOrCache() {
        String line = SudoWrapper.wrap("id -u", true);
        assertTrue(line.startsWith("sudo -k -S -p '' -- sh -c '"), line);
    }

    @Test
    void thePasswordGoesToStdinNeverToTheCommandLine() {
        Secret pw = Secret.of("hunter2");
        assertFalse(SudoWrapper.wrap("echo hi", true).contains("hunter2"));
        assertEquals("hunter2\n", new String(SudoWrapper.stdin(pw), StandardCharsets.UTF_8));
    }

    /** Runs the wrapped line with a fake sudo that just runs its command, to see what sh makes of it. */
    @Test
    void theScriptRunsUnchangedWithStdinClosedAndTheMarkerFirst() throws Exception {
        String script = "printf '%s|' \"it's\" 'a b'; read x && echo \"read:$x\"; echo err >&2; exit 4";
        String line = SudoWrapper.wrap(script, true);
        // sudo OPTIONS -- CMD...: a stand-in that drops everything up to "--" and runs the rest.
        String fakeSudo = "sudo() { while [ \"$1\" != -- ]; do shift; done; shift; \"$@\"; }\n";
        Process p = new ProcessBuilder("sh", "-c", fakeSudo + line).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write("secret\n".getBytes());
        } catch (java.io.IOException exitedFirst) {
            // The shell may finish before we write: the script never reads stdin, which is the point.
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(4, p.waitFor());
        assertEquals("it's|a b|", out, "the script's stdin is closed: it never reads what was meant for sudo");
        assertEquals(Optional.of("err\n"), SudoWrapper.scriptStderr(err));
    }

    @Test
    void aMissingMarkerMeansSudoRefused() {
        assertEquals(Optional.empty(), SudoWrapper.scriptStderr("sudo: a password is required\n"));
        assertEquals(Optional.of("x\n"), SudoWrapper.scriptStderr("We trust you have received the usual lecture\n"
                + SudoWrapper.MARKER + "\nx\n"));
    }

    @Test
    void refusalsHaveReasonsAUserCanActOn() {
        assertEquals("sudo refused the become password (wrong password)",
                SudoWrapper.refusalReason("sudo: 1 incorrect password attempt\n", true));
        assertTrue(SudoWrapper.refusalReason("sudo: a password is required\n", false)
                .startsWith("sudo needs a password: set ansible_become_password"));
        assertEquals("the login user may not use sudo: vagrant is not in the sudoers file.",
                SudoWrapper.refusalReason("vagrant is not in the sudoers file.\n", true));
        assertEquals("sudo is not installed on the host", SudoWrapper.refusalReason("sh: 1: sudo: not found\n", false));
        assertEquals("sudo failed: something odd", SudoWrapper.refusalReason("something odd\nmore", false));
    }
}
