package dev.provision.playbook;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step's {@code when}: "VAR == VALUE", "VAR != VALUE", "VAR" (true when set and not
 * false/empty/0) or "not VAR". Deliberately tiny: playbooks stay readable.
 */
public final class Condition {
    private static final Pattern CMP = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(==|!=)\\s*(.*?)\\s*");
    private static final Pattern VAR = Pattern.compile("\\s*(not\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*");

    private Condition() {}

    public static boolean holds(String when, Map<String, Object> vars, Location at) {
        if (when == null) return true;
        Matcher m = CMP.matcher(when);
        if (m.matches()) {
            String value = m.group(3).replaceAll("^['\"]|['\"]$", "");
            boolean eq = String.valueOf(lookup(m.group(1), vars, at)).equals(value);
            return m.group(2).equals("==") == eq;
        }
        m = VAR.matcher(when);
        if (m.matches()) {
            boolean t = truthy(lookup(m.group(2), vars, at));
            return m.group(1) == null ? t : !t;
        }
        throw new PlaybookException(at, "when", "cannot read condition \"" + when
                + "\" (write VAR == VALUE, VAR != VALUE, VAR, or not VAR)");
    }

    private static Object lookup(String name, Map<String, Object> vars, Location at) {
        if (!vars.containsKey(name)) throw new PlaybookException(at, "when", "no such variable '" + name + "'");
        return vars.get(name);
    }

    static boolean truthy(Object v) {
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return n.intValue() != 0;
        if (v instanceof java.util.Collection<?> c) return !c.isEmpty();
        String s = v.toString().strip().toLowerCase();
        return !(s.isEmpty() || s.equals("false") || s.equals("no") || s.equals("0"));
    }
}
