package dev.provision.engine;

import java.nio.file.Path;

/**
 * How {@code provision up} runs.
 *
 * @param check plan and print, change nothing
 * @param diff show before/after of files that change
 * @param forks hosts handled at once
 * @param limit a host or group name, or null for all
 * @param json machine-readable summary on stdout, step lines on stderr
 * @param artifactsDir overrides the inventory's artifacts_dir, or null
 * @param playbooks the playbooks folder
 */
public record UpOptions(boolean check, boolean diff, int forks, String limit, boolean json, boolean verbose,
        Path artifactsDir, Path playbooks) {}
