package dev.provision.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HAProxy's stats CSV ({@code ;csv} on the stats page, or {@code show stat} on its socket):
 * a header line starting with "# " naming the columns, then one line per proxy and server.
 */
public final class HaproxyStatsCsv {
    /** Columns worth showing a reader, in this order, where present. */
    public static final List<String> SHOWN =
            List.of("pxname", "svname", "status", "addr", "check_status", "weight", "scur", "stot", "lastchg");

    private HaproxyStatsCsv() {}

    /** Rows as column -> value maps, in file order; empty when the text has no header. */
    public static List<Map<String, String>> parse(String csv) {
        var rows = new ArrayList<Map<String, String>>();
        if (csv == null) return rows;
        List<String> header = null;
        for (String line : csv.split("\\R")) {
            if (line.isBlank()) continue;
            if (line.startsWith("# ")) {
                header = Arrays.asList(line.substring(2).split(",", -1));
                continue;
            }
            if (header == null) continue;
            String[] cells = line.split(",", -1);
            var row = new LinkedHashMap<String, String>();
            for (int i = 0; i < header.size() && i < cells.length; i++) {
                if (!header.get(i).isEmpty()) row.put(header.get(i), cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Which of {@link #SHOWN} the rows actually fill in. */
    public static List<String> shownColumns(List<Map<String, String>> rows) {
        return SHOWN.stream().filter(c -> rows.stream().anyMatch(r -> !r.getOrDefault(c, "").isEmpty())).toList();
    }

    /**
     * A server-template slot no replica fills (status "MAINT (resolution)" with no session ever):
     * HAProxy keeps lb_max_replicas of them; listing every one would bury the real servers.
     */
    public static boolean unusedSlot(Map<String, String> row) {
        return row.getOrDefault("status", "").startsWith("MAINT (resolution)")
                && "0".equals(row.getOrDefault("stot", "0"));
    }
}
