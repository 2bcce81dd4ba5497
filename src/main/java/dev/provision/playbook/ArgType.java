package dev.provision.playbook;

/**
 * What kind of value an operation's argument takes; {@link OpArgs} checks and converts each
 * kind the same way for every operation. Any argument may also be written per family
 * ({@code {debian: ..., rhel: ...}}).
 */
public enum ArgType {
    /** One value, variables rendered. */
    TEXT("a single value"),
    /** An absolute path on the host, without '.' or '..' segments. */
    PATH("an absolute path"),
    /** A shell command: every {{value}} in it is quoted as one word. */
    SHELL("a shell command"),
    BOOL("true or false"),
    /** One value or a list of them. */
    LIST("a list of values"),
    /** An octal mode like "0644". */
    MODE("an octal mode"),
    /** A firewalld zone name (it becomes a file name). */
    ZONE("a zone name"),
    URL("a URL"),
    /** PORT/PROTOCOL or FROM-TO/PROTOCOL, one or a list. */
    PORTS("ports like 8080/tcp"),
    /** Ports for hosts of some groups: {group: [ports]}. */
    GROUP_PORTS("group: [ports]"),
    /** A unit's wanted state: started, restarted, reloaded or stopped. */
    SERVICE_STATE("started, restarted, reloaded or stopped"),
    /** Whether the thing is wanted: present (the default) or absent (what {@code down} asks). */
    PRESENCE("present or absent"),
    /** Only absent: the path's one state a step can ask without saying what the file holds. */
    ABSENT("absent"),
    /** A file under the playbooks' templates/ folder. */
    TEMPLATE("a template name"),
    /** A file on the controller. */
    LOCAL_FILE("a local file"),
    /** The name of an artifact of defaults.yaml. */
    ARTIFACT("an artifact name");

    private final String description;

    ArgType(String description) {
        this.description = description;
    }

    public String describe() {
        return description;
    }
}
