package dev.provision.cli;

import dev.provision.lab.HostStatus;
import dev.provision.lab.Lab;
import dev.provision.lab.LabSpec;
import dev.provision.lab.LabStatus;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code provision lab up|down|status}: a local lab of real hosts (booted systemd containers). */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        header = "Boots, lists or removes a local lab of real hosts.",
        description = {
            "A local lab of real hosts: booted systemd containers (systemd-nspawn) on a bridge, each with",
            "its own address, sshd, a sudo user 'provision' and a key the lab makes. Needs root on Linux.",
        },
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class})
public final class LabCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The lab's name, shared by every lab subcommand. */
    public static final class NameOption {
        @Option(names = "--name", paramLabel = "NAME", defaultValue = LabSpec.DEFAULT_NAME,
                description = "Lab name, so several labs can coexist (default: ${DEFAULT-VALUE}).")
        String name;
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {
                "Brings the lab up (or completes it): 1 Consul server (or --consul-servers N), 1 load balancer,",
                "N service replicas; the NATS broker is a role of existing hosts (group 'brokers'): the Consul",
                "server's by default. On a running lab it only adds missing replicas and Consul servers and",
                "reboots hosts left stale; the first run",
                "builds the base image (a few minutes). The last line is 'inventory: PATH'.",
            })
    static final class Up implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        NameOption name;

        @Option(names = "--subnet", paramLabel = "CIDR",
                description = "A /24 inside 198.18.0.0/15 (default: the lab's own, or " + LabSpec.DEFAULT_SUBNET + ").")
        String subnet;

        @Option(names = "--replicas", paramLabel = "N",
                description = "Service replicas web-1..web-N (default: the lab's own count, or " + LabSpec.DEFAULT_REPLICAS
                        + " for a new lab); never removes existing ones.")
        Integer replicas;

        @Option(names = "--brokers", paramLabel = "N",
                description = "Hosts given the NATS broker role (group 'brokers'), no extra host: the Consul server's first,"
                        + " then the replicas', the balancer's last; 2 or more form one NATS cluster; 0: no broker"
                        + " (default: the lab's own count, or " + LabSpec.DEFAULT_BROKERS + " for a new lab). Fewer than"
                        + " before only rewrites the inventory: up removes nothing from a host that leaves the group.")
        Integer brokers;

        @Option(names = "--consul-servers", paramLabel = "N",
                description = "Consul servers (group 'consul_servers'): consul-server, then hosts consul-2..consul-N of their"
                        + " own; 1, 3, 5 or " + LabSpec.MAX_CONSUL_SERVERS + " (a majority must be up), 3 or more form one"
                        + " cluster that survives losing a server (default: the lab's own count, or "
                        + LabSpec.DEFAULT_CONSUL_SERVERS + " for a new lab); never removes existing ones. Run `up` to join"
                        + " the new ones to the cluster.")
        Integer consulServers;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            new Lab(out).up(new LabSpec(name.name, subnet, replicas, brokers, consulServers));
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stops the lab's hosts and removes its network, mounts and files; caches stay.")
    static final class Down implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        NameOption name;

        @Override
        public void run() {
            new Lab(spec.commandLine().getOut()).down(name.name);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Lists the lab's hosts, addresses and whether each runs.")
    static final class Status implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        NameOption name;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            LabStatus st = new Lab(out).status(name.name);
            if (!st.exists()) {
                out.println("lab " + name.name + ": not up");
                out.flush();
                return;
            }
            int servers = st.state().get().consulServers();
            out.printf("lab %s: %s, %d hosts, %d Consul server%s, %d broker%s, package cache %s%n", st.name(),
                    st.state().get().subnet(), st.hosts().size(), servers, servers == 1 ? "" : "s",
                    st.state().get().brokers(), st.state().get().brokers() == 1 ? "" : "s",
                    st.packageCacheRunning() ? "running" : "NOT running");
            for (HostStatus h : st.hosts()) {
                out.printf("  %-14s %-15s %-16s %s%n", h.host().name(), h.host().address(), h.host().group(),
                        h.running() ? "running (pid " + h.pid().get() + ")" : "NOT running");
            }
            out.flush();
        }
    }
}
