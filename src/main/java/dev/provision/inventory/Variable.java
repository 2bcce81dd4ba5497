package dev.provision.inventory;

/** One variable a user may set in all.vars, a group's vars or a host's vars: its name, type and meaning. */
public record Variable(String name, VariableType type, String meaning) {
    /** True for a secret: kept as a Secret, masked everywhere, never quoted in a message. */
    public boolean secret() {
        return type instanceof SecretType;
    }
}
