package dev.provision.transport;

import java.time.Duration;

/** What a finished command gave back: exit status and both streams, fully read. */
public record ExecResult(int exitStatus, String stdout, String stderr, Duration took) {
    public boolean ok() {
        return exitStatus == 0;
    }

    /** stderr if there is any, else stdout: what to show when a command failed. */
    public String errorText() {
        return stderr.isBlank() ? stdout.strip() : stderr.strip();
    }
}
