package dev.provision;

import java.util.Objects;

/**
 * A value that must never be printed: passwords, the gossip key, the stats password.
 * {@link #toString()} masks it; only {@link #reveal()} gives the value, at the one place that needs it.
 */
public final class Secret {
    public static final String MASK = "********";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
