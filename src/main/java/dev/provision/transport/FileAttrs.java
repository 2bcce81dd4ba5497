package dev.provision.transport;

/**
 * Owner, group and octal mode of a remote file.
 *
 * @param mode octal, e.g. "0644"
 */
public record FileAttrs(String mode, String owner, String group) {
    public static FileAttrs root(String mode) {
        return new FileAttrs(mode, "root", "root");
    }
}
