package dev.provision.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host's variables in precedence order (later wins): playbook defaults, then values the
 * engine derives (addresses, counts, secrets), then the inventory (all -> group -> host).
 * String values may refer to other variables ({{consul_version}}); they are resolved here.
 */
public final class Vars {
    private static final int MAX_DEPTH = 8;

    private Vars() {}

    @SafeVarargs
    public static Map<String, Object> merge(Location where, Map<String, Object>... layers) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Map<String, Object> l : layers) all.putAll(l);
        // Values that name other variables are rendered until none is left (bounded: no cycles).
        for (int i = 0; i < MAX_DEPTH; i++) {
            boolean again = false;
            for (var e : all.entrySet()) {
                Object v = resolve(e.getValue(), all, where, e.getKey());
                if (!v.equals(e.getValue() == null ? "" : e.getValue())) again = true;
                e.setValue(v);
            }
            if (!again) return all;
        }
        throw new PlaybookException(where, null, "variables refer to each other in a cycle");
    }

    private static Object resolve(Object v, Map<String, Object> all, Location where, String key) {
        if (v == null) return "";
        if (v instanceof String s) return Templates.renderString(s, all, where, key);
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(resolve(o, all, where, key));
            return out;
        }
        return v;
    }
}
