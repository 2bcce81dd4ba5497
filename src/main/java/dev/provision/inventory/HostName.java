package dev.provision.inventory;

import java.util.regex.Pattern;

/**
 * What an inventory host name may be. The name becomes Consul's node name, part of a service id,
 * an argument in a systemd unit and a word on the console, so only letters, digits, '-', '_' and
 * '.', starting with a letter or digit (a leading '-' would read as an option), at most 253.
 */
public final class HostName {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,252}");

    private HostName() {}

    public static boolean isValid(String name) {
        return SAFE.matcher(name).matches();
    }

    public static String describe() {
        return "letters, digits, '-', '_' and '.', starting with a letter or digit, at most 253";
    }
}
