package dev.provision.inventory;

import dev.provision.secret.SecretRules;
import java.util.Optional;
import java.util.function.Function;

/**
 * The type of a secret variable: checked like any other, but kept as a {@link dev.provision.Secret}
 * in {@link Host#vars()}, masked in every output, and never quoted in an error message.
 */
public record SecretType(String describe, Function<String, Optional<String>> problem) implements VariableType {
    /** A login or sudo password. */
    public static final SecretType PASSWORD = new SecretType(SecretRules.describePassword(), SecretRules::passwordProblem);
    /** HAProxy's stats page password, written into haproxy.cfg. */
    public static final SecretType STATS_PASSWORD =
            new SecretType(SecretRules.describeStatsPassword(), SecretRules::statsPasswordProblem);
    /** Consul's gossip encryption key. */
    public static final SecretType GOSSIP_KEY = new SecretType(SecretRules.describeGossipKey(), SecretRules::gossipKeyProblem);

    @Override
    public Object parse(String text) {
        problem.apply(text).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return text;
    }

    /** What is wrong with a value, in words that never quote it; empty when it is valid. */
    public Optional<String> problemWith(String text) {
        return problem.apply(text);
    }
}
