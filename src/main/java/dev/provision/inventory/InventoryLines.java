package dev.provision.inventory;

import java.util.Map;

/**
 * Where the inventory file names things, so checks made on the loaded inventory can point at a line.
 *
 * @param root the line of the top-level mapping
 * @param groups group name to the line first naming it
 * @param hosts host name to the line first naming it
 */
public record InventoryLines(int root, Map<String, Integer> groups, Map<String, Integer> hosts) {}
