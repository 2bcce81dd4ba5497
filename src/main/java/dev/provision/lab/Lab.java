package dev.provision.lab;

import dev.provision.ProvisionException;
import dev.provision.parallel.Forks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A local lab of real hosts: booted systemd containers on a bridge, reachable over SSH with a
 * key the lab makes, described by an inventory file. Used by {@code provision lab}, the demo
 * and the end-to-end tests. Every method needs root on Linux.
 */
public final class Lab {
    // Generous: a loaded 2-core machine booting several hosts at once is slow.
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);

    private final Path stateRoot;
    private final Path cacheRoot;
    private final Progress progress;

    /** A lab manager writing progress lines to {@code out}. */
    public Lab(PrintWriter out) {
        this(LabLayout.STATE_ROOT, LabLayout.CACHE_ROOT, out);
    }

    Lab(Path stateRoot, Path cacheRoot, PrintWriter out) {
        this.stateRoot = stateRoot;
        this.cacheRoot = cacheRoot;
        this.progress = new Progress(out);
    }

    private LabLayout layout(String name) {
        return new LabLayout(stateRoot, cacheRoot, LabSpec.validateName(name));
    }

    /**
     * Brings lab {@code spec.name()} up, or completes it: hosts already running are left
     * untouched, missing replicas and Consul servers are added, hosts left stale by a reboot or a killed run are
     * booted again. Returns where the inventory, known_hosts and key are.
     */
    public LabInfo up(LabSpec spec) {
        Preconditions.requireRootOnLinux();
        Preconditions.requirePrograms(progress);
        Preconditions.ensureInotifyInstances(progress);
        long start = System.nanoTime();
        LabLayout layout = layout(spec.name());
        try (var ignored = lock(layout)) {
            Optional<LabState> previous = LabState.read(layout.stateFile());
            Subnet subnet = chooseSubnet(spec, previous);
            int replicas = spec.replicas() != null ? spec.replicas()
                    : previous.map(LabState::replicas).orElse(LabSpec.DEFAULT_REPLICAS);
            if (previous.isPresent() && previous.get().replicas() > replicas) {
                progress.say("lab " + spec.name() + " has " + previous.get().replicas() + " replicas (more than " + replicas
                        + " asked): keeping them; `provision lab down` first to shrink it");
                replicas = previous.get().replicas();
            }
            int servers = spec.consulServers() != null ? spec.consulServers()
                    : previous.map(LabState::consulServers).orElse(LabSpec.DEFAULT_CONSUL_SERVERS);
            if (previous.isPresent() && previous.get().consulServers() > servers) {
                progress.say("lab " + spec.name() + " has " + previous.get().consulServers() + " Consul servers (more than "
                        + servers + " asked): keeping them; `provision lab down` first to shrink it");
                servers = previous.get().consulServers();
            }
            var plan = new AddressPlan(subnet);
            List<LabHost> hosts = plan.hosts(replicas, servers);
            int brokerCount = spec.brokers() != null ? spec.brokers()
                    : previous.map(LabState::brokers).orElse(LabSpec.DEFAULT_BROKERS);
            if (brokerCount > hosts.size()) {
                throw ProvisionException.invalidInput("--brokers " + brokerCount + ": the lab has " + hosts.size()
                        + " hosts, and a broker is a role of one of them (at most " + hosts.size() + ")");
            }
            List<LabHost> brokers = LabInventory.brokers(hosts, brokerCount);

            String mirror = AptSources.debianMirror(BaseImage.SUITE);
            Path base = new BaseImage(layout.imagesCache()).ensure(progress, mirror);
            Path artifacts = new LabArtifacts(layout.artifactsCache(), mirror).ensure(progress, layout.artifactsDir());
            Files.createDirectories(layout.hostsDir());
            String publicKey = ensureKey(layout);

            var network = new LabNetwork(spec.name(), plan);
            var cache = new PackageCache(layout, plan.bridgeAddress(), mirror);
            if (network.ensureBridge()) {
                cache.stop(); // a cache still running from before would not listen on the new address
            }
            Container.ensureRuntimeDir();
            cache.ensureRunning(progress);
            new LabState(subnet.toString(), replicas, brokerCount, servers).write(layout.stateFile());

            boolean overlay = Preconditions.overlaySupported();
            var toBoot = new ArrayList<LabHost>();
            for (LabHost h : hosts) {
                var container = new Container(layout, h);
                Optional<Long> pid = container.runningPid();
                if (pid.isPresent() && network.hostLinkReady(h)) {
                    progress.say(h.name() + " (" + h.address() + "): running, pid " + pid.get());
                    continue;
                }
                if (pid.isPresent()) { // running but its network is gone: restart it cleanly
                    container.stop();
                }
                // A killed nspawn leaves the host's systemd running on its own: it must go before the host boots again.
                container.killLeftovers();
                var root = new HostRoot(layout, h);
                if (root.isPrepared()) {
                    progress.say(h.name() + ": not running (stale state from an earlier run): booting it again");
                    root.mount(base);
                } else {
                    progress.run("preparing " + h.name() + " (" + h.address() + ")",
                            () -> root.create(base, overlay, plan.bridgeAddress(), mirror, publicKey));
                }
                network.createHostLink(h);
                toBoot.add(h);
            }
            writeKnownHosts(layout, hosts);
            bootAll(layout, network, toBoot);

            Files.writeString(layout.inventory(),
                    LabInventory.render(spec.name(), subnet, hosts, layout.privateKey(), artifacts, brokers));
            progress.say("lab " + spec.name() + " is up: " + hosts.size() + " hosts on " + subnet + " in "
                    + Progress.seconds(start) + " s");
            if (servers > 1) {
                progress.say("Consul servers: " + String.join(", ", hosts.stream()
                        .filter(h -> h.group().equals(LabHost.CONSUL_SERVERS)).map(LabHost::name).toList()));
            }
            if (!brokers.isEmpty()) {
                progress.say("brokers: " + String.join(", ", brokers.stream().map(LabHost::name).toList()));
            }
            progress.say("known_hosts: " + layout.knownHosts());
            progress.say("key: " + layout.privateKey());
            progress.say("inventory: " + layout.inventory());
            return new LabInfo(spec.name(), subnet, hosts, layout.inventory(), layout.knownHosts(), layout.privateKey(),
                    artifacts, brokers);
        } catch (IOException e) {
            throw ProvisionException.failed("lab " + spec.name() + ": " + e.getMessage());
        }
    }

    /** Stops and removes everything of lab {@code name}; caches under /var/cache/provision stay. */
    public void down(String name) {
        LabLayout layout = layout(name);
        Preconditions.requireRootOnLinux();
        long start = System.nanoTime();
        boolean existed = Files.exists(layout.labDir());
        var problems = new ArrayList<String>();
        try (var ignored = lock(layout)) {
            // SIGTERM to all first, so the hosts shut down in parallel, then wait for each (bounded).
            var stopping = new java.util.LinkedHashMap<String, ProcessHandle>();
            for (String host : hostNames(layout)) {
                new Container(layout, new LabHost(host, "", "", "")).runningPid().flatMap(ProcessHandle::of).ifPresent(h -> {
                    h.destroy();
                    stopping.put(host, h);
                });
            }
            stopping.forEach((host, h) -> {
                Container.awaitOrKill(h);
                progress.say("stopped " + host);
            });
            // Each step runs even if one before failed: down must clean up as much as it can.
            attempt(problems, () -> {
                // Anything still rooted in the lab (a killed nspawn's orphans): no process may outlive lab down.
                Container.killAll(Container.processesUnder(layout.labDir()));
            });
            attempt(problems, () -> {
                if (new PackageCache(layout, null, null).stop()) {
                    progress.say("stopped the package cache");
                }
            });
            attempt(problems, () -> Mounts.unmountAll(layout.labDir()));
            attempt(problems, () -> LabNetwork.removeAll(name));
            attempt(problems, () -> Mounts.removeTree(layout.labDir()));
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
        try {
            Files.deleteIfExists(lockFile(layout));
        } catch (IOException ignored) {
            // harmless
        }
        releaseRuntimeDirIfUnused();
        var left = LabNetwork.leftovers(name);
        left.addAll(Mounts.under(layout.labDir()).stream().map(p -> "mount " + p).toList());
        left.addAll(Container.processesUnder(layout.labDir()).stream().map(p -> "process " + p).toList());
        if (!left.isEmpty() || !problems.isEmpty()) {
            throw ProvisionException.failed("lab " + name + " is not fully down"
                    + (left.isEmpty() ? "" : "; left behind: " + String.join(", ", left))
                    + (problems.isEmpty() ? "" : "\n" + String.join("\n", problems)));
        }
        progress.say(existed ? "lab " + name + " is down (" + Progress.seconds(start) + " s)" : "lab " + name + " was not up; nothing left");
    }

    private static void attempt(List<String> problems, Runnable step) {
        try {
            step.run();
        } catch (ProvisionException e) {
            problems.add(e.getMessage());
        }
    }

    /** Hosts of lab {@code name} and whether each runs. Needs no root to read, but pids are checked via /proc. */
    public LabStatus status(String name) {
        LabLayout layout = layout(name);
        Preconditions.requireRootOnLinux();
        Optional<LabState> state = LabState.read(layout.stateFile());
        if (state.isEmpty()) {
            return new LabStatus(name, state, List.of(), false);
        }
        var plan = new AddressPlan(Subnet.parse(state.get().subnet()));
        var hosts = new ArrayList<HostStatus>();
        for (LabHost h : plan.hosts(state.get().replicas(), state.get().consulServers())) {
            hosts.add(new HostStatus(h, new Container(layout, h).runningPid()));
        }
        return new LabStatus(name, state, hosts, new PackageCache(layout, null, null).runningPid().isPresent());
    }

    /** The {@code ssh} argument list that runs {@code command} on a lab host as the lab user. */
    public List<String> sshCommand(String name, String address, String... command) {
        LabLayout layout = layout(name);
        return new BootWait(layout.privateKey(), layout.knownHosts(), BOOT_TIMEOUT).sshCommand(address, command);
    }

    private Subnet chooseSubnet(LabSpec spec, Optional<LabState> previous) {
        if (previous.isPresent()) {
            if (spec.subnet() != null && !Subnet.parse(spec.subnet()).toString().equals(previous.get().subnet())) {
                throw ProvisionException.invalidInput("lab " + spec.name() + " is up on " + previous.get().subnet()
                        + ", not " + spec.subnet() + ": `provision lab down --name " + spec.name() + "` first to move it");
            }
            return Subnet.parse(previous.get().subnet());
        }
        Subnet subnet = Subnet.parse(spec.subnet() == null ? LabSpec.DEFAULT_SUBNET : spec.subnet());
        // Two labs on one subnet would answer for each other's addresses.
        try (Stream<Path> labs = Files.exists(stateRoot) ? Files.list(stateRoot) : Stream.empty()) {
            for (Path other : labs.filter(Files::isDirectory).toList()) {
                var st = LabState.read(other.resolve("lab.properties"));
                if (st.isPresent() && st.get().subnet().equals(subnet.toString())) {
                    throw ProvisionException.invalidInput("subnet " + subnet + " is used by lab " + other.getFileName()
                            + ": choose another with --subnet (e.g. 198.18.5.0/24)");
                }
            }
        } catch (IOException e) {
            throw ProvisionException.failed("cannot list " + stateRoot + ": " + e.getMessage());
        }
        String prefix = subnet.address(1).substring(0, subnet.address(1).lastIndexOf('.') + 1);
        String addrs = LocalCommand.check(Duration.ofSeconds(10), "ip", "-o", "-4", "addr", "show");
        for (String line : addrs.lines().toList()) {
            if (line.contains(" inet " + prefix) && !line.contains(" " + NetworkNames.bridge(spec.name()) + " ")) {
                throw ProvisionException.invalidInput("subnet " + subnet + " is already in use on this machine (" + line.strip()
                        + "): choose another with --subnet");
            }
        }
        // A route into the subnet through anything but our bridge would send our traffic elsewhere.
        String routes = LocalCommand.check(Duration.ofSeconds(10), "ip", "-o", "-4", "route", "show");
        for (String line : routes.lines().toList()) {
            if (line.startsWith(prefix) && !line.contains(" dev " + NetworkNames.bridge(spec.name()) + " ")) {
                throw ProvisionException.invalidInput("subnet " + subnet + " is already routed on this machine (" + line.strip()
                        + "): choose another with --subnet");
            }
        }
        return subnet;
    }

    private void bootAll(LabLayout layout, LabNetwork network, List<LabHost> hosts) {
        if (hosts.isEmpty()) {
            return;
        }
        var wait = new BootWait(layout.privateKey(), layout.knownHosts(), BOOT_TIMEOUT);
        var booting = new ArrayList<Booting>();
        for (LabHost h : hosts) {
            long pid = new Container(layout, h).start(network.netnsPath(h));
            booting.add(new Booting(h, pid, System.nanoTime()));
        }
        // Each host's failure is its own message (null: booted); every host is waited for.
        List<String> failures = Forks.map(booting, 8, b -> {
            LabHost h = b.host();
            String state;
            try {
                state = wait.await(h.name(), h.address());
            } catch (ProvisionException e) {
                var c = new Container(layout, h);
                var eth0 = LocalCommand.run(Duration.ofSeconds(10),
                        List.of("ip", "-n", NetworkNames.netns(layout.name(), h), "-br", "addr", "show", "dev", "eth0"));
                // A boot that never finishes is a job that never ends: name the jobs still queued.
                var jobs = LocalCommand.run(Duration.ofSeconds(10), wait.sshCommand(h.address(), "systemctl", "list-jobs", "--no-pager"));
                throw ProvisionException.failed(e.getMessage()
                        + "\n  systemd jobs still queued on " + h.name() + ":\n"
                        + (jobs.stdout() + jobs.stderr()).strip().indent(4).stripTrailing()
                        + "\n  processes in " + h.name() + ": " + c.processSummary()
                        + "\n  its eth0: " + (eth0.stdout() + eth0.stderr()).strip()
                        + "\n  console of " + h.name() + " ("
                        + layout.consoleLog(h.name()) + ") ends with:\n"
                        + c.consoleTail().indent(4).stripTrailing());
            }
            progress.say("booting " + h.name() + " (" + h.address() + ", pid " + b.pid() + ")... ok " + Progress.seconds(b.started())
                    + " s" + (state.equals("running") ? "" : " (systemd: " + state + ")"));
            return null;
        }, (b, e) -> e.getMessage()).stream().filter(Objects::nonNull).toList();
        if (!failures.isEmpty()) {
            throw ProvisionException.failed("hosts did not boot:\n" + String.join("\n", failures));
        }
    }

    /** A started container and when it started, waiting for its sshd. */
    private record Booting(LabHost host, long pid, long started) {}

    private static void writeKnownHosts(LabLayout layout, List<LabHost> hosts) throws IOException {
        Files.writeString(layout.knownHosts(), LabInventory.knownHosts(hosts, h -> new HostRoot(layout, h).hostKey()));
    }

    /** The lab's own SSH key, made once per lab; returns its public half. */
    private static String ensureKey(LabLayout layout) throws IOException {
        Path key = layout.privateKey();
        Path pub = key.resolveSibling(key.getFileName() + ".pub");
        if (!Files.exists(key) || !Files.exists(pub)) {
            Files.deleteIfExists(key);
            Files.deleteIfExists(pub);
            LocalCommand.check(Duration.ofSeconds(30), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                    "provision-lab-" + layout.name(), "-f", key.toString());
        }
        return Files.readString(pub).strip();
    }

    private static List<String> hostNames(LabLayout layout) throws IOException {
        if (!Files.isDirectory(layout.hostsDir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(layout.hostsDir())) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Only when no lab is left: the tmpfs nspawn needs is then ours to remove. */
    private void releaseRuntimeDirIfUnused() {
        try (Stream<Path> s = Files.exists(stateRoot) ? Files.list(stateRoot) : Stream.empty()) {
            if (s.noneMatch(Files::isDirectory) && Mounts.isMountPoint(Container.NSPAWN_RUNTIME)) {
                LocalCommand.run(Duration.ofSeconds(10), List.of("umount", Container.NSPAWN_RUNTIME.toString()));
            }
        } catch (IOException ignored) {
            // a tmpfs left mounted is harmless
        }
    }

    private static Path lockFile(LabLayout layout) {
        return layout.stateRoot().resolve("." + layout.name() + ".lock");
    }

    /** One {@code lab up/down} per lab at a time. */
    private static FileChannel lock(LabLayout layout) throws IOException {
        Files.createDirectories(layout.stateRoot());
        FileChannel ch = FileChannel.open(lockFile(layout), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.lock();
        return ch;
    }
}
