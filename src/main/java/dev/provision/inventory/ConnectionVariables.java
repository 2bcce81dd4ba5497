package dev.provision.inventory;

import java.util.List;
import java.util.Optional;

/**
 * Ansible's connection variables: how to reach a host and become root on it. They are the
 * inventory's own business, whatever the deployment is; Ansible's older aliases work too.
 */
public final class ConnectionVariables {
    static final List<String> ADDRESS = List.of("ansible_host", "ansible_ssh_host");
    static final List<String> PORT = List.of("ansible_port", "ansible_ssh_port");
    static final List<String> USER = List.of("ansible_user", "ansible_ssh_user");
    static final List<String> KEY = List.of("ansible_ssh_private_key_file", "ansible_private_key_file");
    static final List<String> PASSWORD = List.of("ansible_password", "ansible_ssh_pass");
    static final List<String> BECOME = List.of("ansible_become_password", "ansible_become_pass");
    /** Each setting's names: one set at a level hides the others set before. */
    static final List<List<String>> ALIASES = List.of(ADDRESS, PORT, USER, KEY, PASSWORD, BECOME);

    /** Every connection variable that is type-checked. Any other {@code ansible_*} name is accepted as is. */
    public static final List<Variable> ALL = List.of(
            new Variable("ansible_host", VariableType.HOST_ADDRESS, "address to connect to (default: the host's name)"),
            new Variable("ansible_ssh_host", VariableType.HOST_ADDRESS, "old name of ansible_host"),
            new Variable("ansible_port", VariableType.PORT, "SSH port (default 22)"),
            new Variable("ansible_ssh_port", VariableType.PORT, "old name of ansible_port"),
            new Variable("ansible_user", VariableType.USER_NAME, "SSH user (default: the controller's user)"),
            new Variable("ansible_ssh_user", VariableType.USER_NAME, "old name of ansible_user"),
            new Variable("ansible_ssh_private_key_file", VariableType.LOCAL_PATH, "private key; ~ and relative paths allowed"),
            new Variable("ansible_private_key_file", VariableType.LOCAL_PATH, "same as ansible_ssh_private_key_file"),
            new Variable("ansible_password", SecretType.PASSWORD, "SSH password (better: PROVISION_SSH_PASSWORD)"),
            new Variable("ansible_ssh_pass", SecretType.PASSWORD, "old name of ansible_password"),
            new Variable("ansible_become_password", SecretType.PASSWORD, "sudo password (better: PROVISION_BECOME_PASSWORD)"),
            new Variable("ansible_become_pass", SecretType.PASSWORD, "old name of ansible_become_password"));

    /** Ansible's namespace: accepted without a warning, whether listed here or not. */
    public static final String PREFIX = "ansible_";

    private ConnectionVariables() {}

    public static Optional<Variable> find(String name) {
        return ALL.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
