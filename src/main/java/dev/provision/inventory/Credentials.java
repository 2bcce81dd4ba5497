package dev.provision.inventory;

import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.inventory.InventoryDraft.Var;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a host's credentials come from: key files on the controller ({@code ~} and paths
 * relative to the inventory's folder), and passwords from the inventory or, when it has none
 * for a host, from the environment. Messages name a password's variable, never its value.
 */
final class Credentials {
    private final Path inventoryFile;
    private final Map<String, String> env;

    Credentials(Path inventoryFile, Map<String, String> env) {
        this.inventoryFile = inventoryFile;
        this.env = env;
    }

    /** A password from the environment follows the inventory's rules; the message names the variable, never the value. */
    void checkEnvironmentPasswords() {
        for (String name : List.of(InventoryLoader.SSH_PASSWORD_ENV, InventoryLoader.BECOME_PASSWORD_ENV)) {
            String v = env.get(name);
            if (v == null || v.isEmpty()) continue;
            SecretType.PASSWORD.problemWith(v).ifPresent(p -> {
                throw ProvisionException.invalidInput(name + " (environment): the password " + p);
            });
        }
    }

    /** The inventory's password, else the environment's; empty when neither has one. */
    Optional<Secret> password(Var fromInventory, String envName) {
        if (fromInventory != null) return Optional.of(Secret.of(String.valueOf(fromInventory.value())));
        String fromEnv = env.get(envName);
        return fromEnv == null || fromEnv.isEmpty() ? Optional.empty() : Optional.of(Secret.of(fromEnv));
    }

    /** The key file a variable names, resolved; not checked (see {@link #checkKeyFile}). */
    Optional<Path> keyFile(Var v) {
        return v == null ? Optional.empty() : Optional.of(resolve((String) v.value()));
    }

    /** Reports a key file that does not exist, is not a file, or is not readable. */
    void checkKeyFile(Var v, Problems problems) {
        if (v == null) return;
        String text = (String) v.value();
        Path path = resolve(text);
        // A Vagrant key appears only after 'vagrant up'; say so, since that is the usual cause.
        String vagrantHint = text.contains(".vagrant/machines/") ? " (Vagrant creates it on 'vagrant up')" : "";
        if (!Files.exists(path)) {
            problems.error(v.line(), v.path(), "key file " + path + " does not exist" + vagrantHint);
        } else if (!Files.isRegularFile(path)) {
            problems.error(v.line(), v.path(), "key file " + path + " is not a file");
        } else if (!Files.isReadable(path)) {
            problems.error(v.line(), v.path(), "key file " + path + " is not readable by user " + System.getProperty("user.name"));
        }
    }

    private Path resolve(String text) {
        Path path;
        if (text.equals("~") || text.startsWith("~/")) {
            path = Path.of(System.getProperty("user.home") + text.substring(1));
        } else {
            Path given = Path.of(text);
            Path folder = inventoryFile.toAbsolutePath().getParent();
            path = given.isAbsolute() || folder == null ? given : folder.resolve(given);
        }
        return path.normalize();
    }
}
