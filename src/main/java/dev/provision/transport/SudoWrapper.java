package dev.provision.transport;

import dev.provision.Secret;
import java.util.Optional;

/**
 * Turns a script into the command line that runs it as root through sudo, and reads sudo's own
 * failures back out of the result. The become password, if any, goes to sudo's stdin: never on
 * a command line, never in a message.
 */
public final class SudoWrapper {
    /**
     * Written to stderr by the root shell before the script runs: if it is missing, sudo itself
     * refused (wrong password, no sudo rights), and stderr holds sudo's reason.
     */
    static final String MARKER = "provision:sudo-ok";

    private SudoWrapper() {}

    /**
     * The command line for the login user that runs {@code script} as root.
     *
     * @param withPassword true when a become password will be written to stdin
     */
    public static String wrap(String script, boolean withPassword) {
        // The root shell closes its stdin first, so a script never reads what was meant for sudo
        // (sudo skips the password when NOPASSWD applies); then it marks that sudo let it in.
        String inner = "exec </dev/null; printf '%s\\n' " + MARKER + " >&2\n" + script;
        String sudo = withPassword
                // -k: ignore cached credentials, so sudo always reads (and consumes) the password;
                // -p '': no prompt text mixed into stderr.
                ? "sudo -k -S -p '' -- sh -c "
                : "sudo -n -- sh -c ";
        return sudo + Shell.quote(inner);
    }

    /** What to write to stdin for {@link #wrap} with a password: the password and a newline. */
    public static byte[] stdin(Secret password) {
        return (password.reveal() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Splits the marker from a wrapped command's stderr.
     *
     * @return the script's own stderr, or empty when the marker is missing, meaning sudo refused
     */
    public static Optional<String> scriptStderr(String stderr) {
        int at = stderr.indexOf(MARKER + "\n");
        if (at < 0) return Optional.empty();
        // Anything before the marker is sudo's chatter (a lecture, say); drop it.
        return Optional.of(stderr.substring(at + MARKER.length() + 1));
    }

    /** A one-line reason for a refusal, from sudo's stderr, with advice on what to do. */
    public static String refusalReason(String sudoStderr, boolean withPassword) {
        String s = sudoStderr.strip();
        String lower = s.toLowerCase();
        if (lower.contains("incorrect password") || lower.contains("sorry, try again")) {
            return "sudo refused the become password (wrong password)";
        }
        if (lower.contains("a password is required") || lower.contains("no password was provided")) {
            return "sudo needs a password: set ansible_become_password, PROVISION_BECOME_PASSWORD "
                    + "or use --ask-become-pass";
        }
        if (lower.contains("not in the sudoers") || lower.contains("not allowed to")
                || lower.contains("may not run sudo")) {
            return "the login user may not use sudo: " + firstLine(s);
        }
        if (lower.contains("not found") && lower.contains("sudo")) {
            return "sudo is not installed on the host";
        }
        if (lower.contains("tty")) {
            return "sudo requires a terminal (Defaults requiretty in sudoers): " + firstLine(s);
        }
        return "sudo failed" + (withPassword ? " (with the become password)" : "")
                + (s.isEmpty() ? "" : ": " + firstLine(s));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
