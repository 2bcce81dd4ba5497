package dev.provision.engine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@code provision up} runs. (How it is shown, text or JSON, verbose or not, is up to the
 * {@link RunListener}s.)
 *
 * @param check plan and print, change nothing
 * @param diff show before/after of files that change
 * @param forks hosts handled at once
 * @param limit a host or group name, or null for all
 * @param artifactsDir overrides the inventory's artifacts_dir, or null
 * @param playbooks the playbooks folder
 * @param lockWait how long to wait for another run that holds a host's lock before giving up
 * @param serial hosts a rolled handler ({@code roll:}) restarts at once, across the run
 */
public record UpOptions(boolean check, boolean diff, int forks, String limit, Path artifactsDir, Path playbooks,
        Duration lockWait, int serial) {

    public UpOptions {
        if (serial < 1) throw dev.provision.ProvisionException.invalidInput("--serial " + serial + ": at least 1");
    }

    public UpOptions(boolean check, boolean diff, int forks, String limit, Path artifactsDir, Path playbooks,
            Duration lockWait) {
        this(check, diff, forks, limit, artifactsDir, playbooks, lockWait, 1);
    }

    /** Long enough for a run that just ended to have let go (its holder ends within a second). */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(10);

    public UpOptions(boolean check, boolean diff, int forks, String limit, Path artifactsDir, Path playbooks) {
        this(check, diff, forks, limit, artifactsDir, playbooks, DEFAULT_LOCK_WAIT);
    }
}
