package dev.provision.playbook;

import static dev.provision.playbook.ArgType.*;

import dev.provision.ops.AbsentOp;
import dev.provision.ops.CommandOp;
import dev.provision.ops.CopyOp;
import dev.provision.ops.DirectoryOp;
import dev.provision.ops.FileOp;
import dev.provision.ops.FirewallOp;
import dev.provision.ops.PackageOp;
import dev.provision.ops.ServiceOp;
import dev.provision.ops.UserOp;
import dev.provision.ops.YumVaultOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every operation a playbook step may name, with its arguments. A new operation is its
 * {@link dev.provision.ops.Op} and one entry here: the loader, the compiler and their error
 * messages all read this list.
 */
public final class Operations {
    private static final Map<String, Operation> BY_NAME = new LinkedHashMap<>();

    static {
        register(Operation.named("package").shorthand("names")
                .required("names", LIST)
                .builds(a -> new PackageOp(a.list("names"))));
        register(Operation.named("user")
                .required("name", TEXT).optional("home", TEXT).optional("shell", TEXT).optional("state", PRESENCE)
                .builds(a -> new UserOp(a.text("name"), a.text("home", "/nonexistent"), a.text("shell", UserOp.NO_LOGIN),
                        a.present("state"))));
        register(Operation.named("directory")
                .required("path", PATH).fileAttrs().optional("state", PRESENCE)
                .builds(a -> a.present("state") ? new DirectoryOp(a.path("path"), a.attrs("0755"))
                        : new DirectoryOp(a.removablePath("path"), a.attrs("0755"), false)));
        // A file, link or folder removed (down); writing a file is template/content/copy's job.
        register(Operation.named("file")
                .required("path", PATH).required("state", ABSENT)
                .builds(a -> {
                    a.present("state");
                    return new AbsentOp(a.removablePath("path"));
                }));
        register(Operation.named("template")
                .required("src", TEMPLATE).required("dest", PATH).fileAttrs().optional("validate", SHELL)
                .builds(a -> new FileOp(a.path("dest"), a.template("src"), a.attrs("0644"), a.shell("validate"))));
        register(Operation.named("content")
                .required("content", TEXT).required("dest", PATH).fileAttrs().optional("validate", SHELL)
                .builds(a -> new FileOp(a.path("dest"), a.text("content"), a.attrs("0644"), a.shell("validate"))));
        register(Operation.named("copy")
                .optional("src", LOCAL_FILE).optional("artifact", ARTIFACT).required("dest", PATH).fileAttrs()
                .builds(a -> new CopyOp(a.has("artifact") ? a.artifact("artifact") : a.localFile("src"), a.path("dest"),
                        a.attrs("0644"))));
        register(Operation.named("command")
                .required("run", SHELL).optional("creates", PATH).optional("unless", SHELL)
                .builds(a -> new CommandOp(a.shell("run"), a.has("creates") ? a.path("creates") : null, a.shell("unless"))));
        register(Operation.named("firewall")
                .optional("zone", ZONE).optional("ports", PORTS).optional("extra_ports", TEXT).optional("group_ports", GROUP_PORTS)
                .optional("state", PRESENCE)
                .builds(a -> new FirewallOp(a.zone("zone", "public"), a.sshPort(), a.ports(), !a.present("state"))));
        register(Operation.named("service").shorthand("name")
                .required("name", TEXT).optional("enabled", BOOL).optional("state", SERVICE_STATE)
                .builds(a -> new ServiceOp(a.text("name"), a.bool("enabled", true), a.state("state", ServiceOp.State.STARTED))));
        register(Operation.named("yum_vault")
                .optional("baseurl", URL)
                .builds(a -> new YumVaultOp(a.url("baseurl"))));
    }

    private Operations() {}

    private static void register(Operation op) {
        if (BY_NAME.putIfAbsent(op.name(), op) != null) throw new IllegalStateException("operation " + op.name() + " twice");
    }

    public static Optional<Operation> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The names a step may use as its operation. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }
}
