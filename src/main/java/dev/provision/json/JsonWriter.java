package dev.provision.json;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Writes one compact JSON document (no spaces, no line breaks), strings escaped by
 * {@link Json#quote}: the commas and nesting are kept here, so a caller writes only names and
 * values and cannot produce a broken document.
 *
 * <pre>{@code new JsonWriter().beginObject().name("ok").value(3).endObject().toString()  // {"ok":3}}</pre>
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** One entry per open object or array: true until its first member is written. */
    private final Deque<Boolean> empty = new ArrayDeque<>();
    private final Deque<Character> closers = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        return open('{', '}');
    }

    public JsonWriter beginArray() {
        return open('[', ']');
    }

    /** Closes the innermost open object or array. */
    public JsonWriter end() {
        if (closers.isEmpty() || afterName) throw new IllegalStateException("nothing to close here: " + out);
        empty.pop();
        out.append(closers.pop());
        return this;
    }

    /** The name of the next member of the open object. */
    public JsonWriter name(String name) {
        if (closers.peek() == null || closers.peek() != '}' || afterName) {
            throw new IllegalStateException("a name belongs in an object: " + out);
        }
        comma();
        out.append(Json.quote(name)).append(':');
        afterName = true;
        return this;
    }

    /** A string, or null. */
    public JsonWriter value(String s) {
        return raw(s == null ? "null" : Json.quote(s));
    }

    public JsonWriter value(boolean b) {
        return raw(String.valueOf(b));
    }

    public JsonWriter value(long n) {
        return raw(String.valueOf(n));
    }

    /** A number written with exactly {@code decimals} digits after the point ({@code 1.500}). */
    public JsonWriter value(double d, int decimals) {
        if (!Double.isFinite(d)) throw new IllegalArgumentException("JSON has no " + d);
        return raw(String.format(Locale.ROOT, "%." + decimals + "f", d));
    }

    /** The document; every object and array must be closed. */
    @Override
    public String toString() {
        if (!closers.isEmpty()) throw new IllegalStateException("unclosed " + closers.peek() + ": " + out);
        return out.toString();
    }

    private JsonWriter open(char open, char close) {
        element();
        out.append(open);
        empty.push(true);
        closers.push(close);
        return this;
    }

    private JsonWriter raw(String literal) {
        element();
        out.append(literal);
        return this;
    }

    /** Before a value: in an object only right after its name; in an array after a comma. */
    private void element() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (closers.peek() != null && closers.peek() == '}') throw new IllegalStateException("a value needs a name here: " + out);
        if (closers.isEmpty() && out.length() > 0) throw new IllegalStateException("one document only: " + out);
        comma();
    }

    private void comma() {
        if (empty.isEmpty()) return;
        if (!empty.pop()) out.append(',');
        empty.push(false);
    }
}
