package dev.provision.facts;

/**
 * A systemd unit's state from {@code systemctl show}.
 *
 * @param unitFileState "enabled", "disabled", "" when the unit does not exist
 * @param activeState "active", "inactive", "failed", "activating", ...
 */
public record UnitState(String name, String unitFileState, String activeState) {
    public static UnitState missing(String name) {
        return new UnitState(name, "", "inactive");
    }

    public boolean enabled() {
        return "enabled".equals(unitFileState) || "enabled-runtime".equals(unitFileState) || "static".equals(unitFileState);
    }

    public boolean active() {
        return "active".equals(activeState) || "reloading".equals(activeState);
    }
}
