package dev.provision.report;

import java.util.List;
import java.util.Map;

/** Colours shared by the HTML report's charts, so a replica has the same colour everywhere. */
final class Palette {
    static final String OK = "#16a34a";
    static final String FAIL = "#dc2626";
    static final String MUTED = "#64748b";
    static final String EVENT = "#d97706";
    private static final List<String> REPLICAS =
            List.of("#2563eb", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#db2777", "#65a30d", "#4f46e5");

    private Palette() {}

    /** The colour of a replica: by its position among the replicas, grey when unknown. */
    static String replica(String name, List<String> replicas) {
        if (name == null || Rotation.FAILED.equals(name)) return FAIL;
        int i = replicas.indexOf(name);
        return i < 0 ? MUTED : REPLICAS.get(i % REPLICAS.size());
    }

    static List<String> order(Map<String, Integer> distribution) {
        return List.copyOf(distribution.keySet());
    }
}
