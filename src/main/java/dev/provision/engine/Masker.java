package dev.provision.engine;

import dev.provision.Secret;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Replaces every known secret value by {@link Secret#MASK} in text about to be shown. */
public final class Masker {
    private final List<String> values = new CopyOnWriteArrayList<>();

    public void add(Secret s) {
        if (s != null && s.reveal().length() >= 4) values.add(s.reveal());
    }

    public String mask(String text) {
        if (text == null) return null;
        String out = text;
        for (String v : values) out = out.replace(v, Secret.MASK);
        return out;
    }
}
