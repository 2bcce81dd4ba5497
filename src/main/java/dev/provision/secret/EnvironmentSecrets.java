package dev.provision.secret;

import dev.provision.Secret;
import java.util.List;
import java.util.Map;

/**
 * Passwords handed in through the environment ({@code PROVISION_SSH_PASSWORD},
 * {@code PROVISION_BECOME_PASSWORD}, any {@code PROVISION_*_PASSWORD}): masked even for a run
 * whose hosts all have their own in the inventory, since the process could still meet them.
 */
public final class EnvironmentSecrets {
    private EnvironmentSecrets() {}

    public static List<Secret> in(Map<String, String> env) {
        return env.entrySet().stream()
                .filter(e -> e.getKey().startsWith("PROVISION_") && e.getKey().endsWith("PASSWORD"))
                .map(Map.Entry::getValue)
                .filter(v -> v != null && !v.isEmpty())
                .map(Secret::of)
                .toList();
    }
}
