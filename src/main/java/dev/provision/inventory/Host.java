package dev.provision.inventory;

import dev.provision.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One inventory host, with its connection settings resolved and its variables merged
 * (all.vars, then each group's from the outermost to the innermost, then the host's own).
 *
 * @param name the inventory name (also the node name given to Consul)
 * @param address ansible_host, or the name when none is set
 * @param port ansible_port, 22 by default
 * @param user ansible_user; null means the controller user's name
 * @param privateKeyFile ansible_ssh_private_key_file, if set (else ssh-agent and ~/.ssh keys)
 * @param password ansible_password / PROVISION_SSH_PASSWORD, if any
 * @param becomePassword ansible_become_password / PROVISION_BECOME_PASSWORD, if any (sudo -S)
 * @param groups every group the host is in, directly or through children
 * @param roles the meaningful roles among those groups
 * @param vars merged variables, connection variables included
 */
public record Host(
        String name,
        String address,
        int port,
        String user,
        Optional<Path> privateKeyFile,
        Optional<Secret> password,
        Optional<Secret> becomePassword,
        List<String> groups,
        Set<Role> roles,
        Map<String, Object> vars) {

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** True when commands need sudo to act as root. */
    public boolean needsSudo() {
        return !"root".equals(user);
    }

    /** "name (address:port)", how hosts are named in messages. */
    public String label() {
        return port == 22 ? name + " (" + address + ")" : name + " (" + address + ":" + port + ")";
    }
}
