package dev.provision.probes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the whitespace-aligned tables Consul's CLI prints ({@code consul members},
 * {@code consul operator raft list-peers}): a header line, then one row per line.
 */
final class TextTable {
    private TextTable() {}

    /** Rows as header -> cell maps; cells are split on runs of whitespace. */
    static List<Map<String, String>> parse(String text) {
        var rows = new ArrayList<Map<String, String>>();
        String[] lines = text.strip().split("\\R");
        if (lines.length == 0 || lines[0].isBlank()) return rows;
        String[] header = lines[0].strip().split("\\s+");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            String[] cells = lines[i].strip().split("\\s+");
            var row = new LinkedHashMap<String, String>();
            for (int c = 0; c < header.length && c < cells.length; c++) row.put(header[c], cells[c]);
            rows.add(row);
        }
        return rows;
    }
}
