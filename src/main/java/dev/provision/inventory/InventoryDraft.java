package dev.provision.inventory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Groups and hosts as the loader reads them, before their variables are merged and checked. */
final class InventoryDraft {
    final Map<String, GroupDraft> groups = new LinkedHashMap<>();
    final Map<String, HostDraft> hosts = new LinkedHashMap<>();

    /** A variable as read: its value, and where it was written. */
    record Var(Object value, int line, String path) {}

    static final class GroupDraft {
        final String name;
        final int line;
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Set<String> parents = new LinkedHashSet<>();
        final Map<String, Var> vars = new LinkedHashMap<>();

        GroupDraft(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    static final class HostDraft {
        final String name;
        final int line;
        final Set<String> directGroups = new LinkedHashSet<>();
        final Map<String, Var> vars = new LinkedHashMap<>();

        HostDraft(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }
}
