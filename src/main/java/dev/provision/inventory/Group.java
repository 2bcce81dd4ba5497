package dev.provision.inventory;

import java.util.List;
import java.util.Map;

/** One inventory group as written: its own hosts, child groups and variables. */
public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars) {}
