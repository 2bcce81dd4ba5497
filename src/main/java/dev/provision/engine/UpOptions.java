package dev.provision.engine;

import java.nio.file.Path;

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
 */
public record UpOptions(boolean check, boolean diff, int forks, String limit, Path artifactsDir, Path playbooks) {}
