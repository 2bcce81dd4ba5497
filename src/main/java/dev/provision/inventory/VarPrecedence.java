package dev.provision.inventory;

import dev.provision.inventory.InventoryDraft.GroupDraft;
import dev.provision.inventory.InventoryDraft.HostDraft;
import dev.provision.inventory.InventoryDraft.Var;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's variable precedence: {@code all.vars}, then the host's other groups ordered by
 * depth (parents before children), then {@code ansible_group_priority}, then name; the host's
 * own variables last. A connection setting set at one level under any of its names (say
 * {@code ansible_ssh_host}) hides every name of it set before ({@code ansible_host}).
 */
final class VarPrecedence {
    private final InventoryDraft draft;

    VarPrecedence(InventoryDraft draft) {
        this.draft = draft;
    }

    /** Variables of a host: all.vars, its other groups in precedence order, then its own. */
    Map<String, Var> mergedVars(HostDraft host) {
        Map<String, Var> merged = new LinkedHashMap<>();
        for (String group : groupsOf(host)) mergeLevel(merged, draft.groups.get(group).vars);
        mergeLevel(merged, host.vars);
        return merged;
    }

    /** One level over the ones before it; an alias set here hides every name of its setting set before. */
    private static void mergeLevel(Map<String, Var> merged, Map<String, Var> level) {
        for (List<String> names : ConnectionVariables.ALIASES) {
            if (names.stream().anyMatch(level::containsKey)) names.forEach(merged::remove);
        }
        merged.putAll(level);
    }

    /** Every group the host is in, directly or through children, "all" first, in precedence order. */
    List<String> groupsOf(HostDraft host) {
        Set<String> all = new LinkedHashSet<>();
        for (String g : host.directGroups) collectAncestors(g, all);
        all.add("all");
        List<String> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.<String>comparingInt(this::depth)
                .thenComparingInt(this::priority)
                .thenComparing(Comparator.naturalOrder()));
        return ordered;
    }

    private void collectAncestors(String group, Set<String> into) {
        if (!into.add(group)) return;
        for (String parent : draft.groups.get(group).parents) collectAncestors(parent, into);
    }

    /** Longest chain of parents up to "all", as Ansible counts depth; bounded so a cycle cannot hang. */
    private int depth(String group) {
        return depth(group, draft.groups.size());
    }

    private int depth(String group, int budget) {
        if (group.equals("all") || budget == 0) return 0;
        int best = 0;
        for (String parent : draft.groups.get(group).parents) best = Math.max(best, 1 + depth(parent, budget - 1));
        return best;
    }

    private int priority(String group) {
        Var v = draft.groups.get(group).vars.get("ansible_group_priority");
        return v != null && v.value() instanceof Number n ? n.intValue() : 1;
    }

    /** The group's hosts, directly or through its children. */
    Set<String> hostsUnder(String group) {
        Set<String> result = new LinkedHashSet<>();
        for (HostDraft h : draft.hosts.values()) {
            if (groupsOf(h).contains(group)) result.add(h.name);
        }
        return result;
    }

    /** The chain of children from {@code from} that leads back to {@code target}, or null. */
    List<String> pathBack(String from, String target, Set<String> seen) {
        for (String child : draft.groups.get(from).children) {
            if (child.equals(target)) return new ArrayList<>(List.of(child));
            if (seen.add(child)) {
                List<String> rest = pathBack(child, target, seen);
                if (rest != null) {
                    rest.add(0, child);
                    return rest;
                }
            }
        }
        return null;
    }
}
