package dev.provision.facts;

/**
 * A remote path as the fact script saw it.
 *
 * @param type "absent", "regular file", "directory", ... (stat's %F)
 * @param mode octal without leading zero, as stat prints it ("644")
 * @param sha256 hex digest for regular files, else null
 */
public record FileState(String path, String type, String owner, String group, String mode, String sha256) {
    public static FileState absent(String path) {
        return new FileState(path, "absent", null, null, null, null);
    }

    public boolean exists() {
        return !"absent".equals(type);
    }

    public boolean isDirectory() {
        return "directory".equals(type);
    }

    public boolean isFile() {
        return type != null && type.startsWith("regular");
    }

    /** True when the octal modes are equal ("644" and "0644" are). */
    public boolean modeIs(String wanted) {
        return mode != null && Integer.parseInt(mode, 8) == Integer.parseInt(wanted, 8);
    }
}
