package dev.provision.vagrant;

import dev.provision.deployment.ProjectSchema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of the Vagrant path without virtual machines: the workflow's shape, that
 * the Vagrantfile takes every host from inventory.yaml (loaded with plain Ruby and a stand-in
 * for Vagrant), and that nothing turns host key checking off.
 *
 * <p>The Ruby checks need {@code ruby}; outside CI they skip when it is missing, in CI (CI=true)
 * they fail instead, so they cannot silently stop running.
 */
class VagrantSetupTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final Path WORKFLOW = ROOT.resolve(".github/workflows/vagrant.yml");
    static final Path VAGRANTFILE = ROOT.resolve("Vagrantfile");
    static final Path READER = ROOT.resolve("vagrant/inventory_hosts.rb");
    static final List<String> STEPS = List.of(
            "Enable KVM",
            "Install Vagrant and libvirt",
            "Validate the Vagrantfile",
            "Boot the boxes",
            "Collect host keys",
            "provision up (first run converges)",
            "provision up (second run changes nothing)",
            "provision verify",
            "Upload reports",
            "Destroy the boxes");

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void workflowBootsTheBoxesRunsUpTwiceThenVerifiesAndKeepsTheReports() throws IOException {
        Map<String, Object> workflow = new Yaml().load(Files.readString(WORKFLOW));
        Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
        Map<String, Object> job = (Map<String, Object>) jobs.get("vagrant");
        assertTrue(job != null, "job 'vagrant' in " + jobs.keySet());
        List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
        List<String> names = steps.stream().map(s -> String.valueOf(s.get("name"))).toList();
        int previous = -1;
        for (String step : STEPS) {
            int at = names.indexOf(step);
            assertTrue(at > previous, "step '" + step + "' missing or out of order in " + names);
            previous = at;
        }
        String second = run(steps, "provision up (second run changes nothing)");
        assertTrue(second.contains("--output json"), second);
        assertTrue(second.contains("[\"changed\"]") && second.contains("changed == 0"), second);
        for (String step : List.of("provision up (first run converges)", "provision up (second run changes nothing)",
                "provision verify")) {
            assertTrue(run(steps, step).contains("--known-hosts \"$KNOWN_HOSTS\""), step + " verifies host keys");
        }
        Map<String, Object> upload = steps.get(names.indexOf("Upload reports"));
        assertTrue(String.valueOf(upload.get("uses")).startsWith("actions/upload-artifact@"));
        assertEquals("reports/", ((Map<String, Object>) upload.get("with")).get("path"));
        assertEquals("always()", upload.get("if"), "the reports matter most when a step failed");
    }

    @Test
    void nothingTurnsHostKeyCheckingOff() throws IOException {
        for (Path file : List.of(WORKFLOW, VAGRANTFILE, READER, ROOT.resolve("docs/vagrant.md"))) {
            String text = Files.readString(file);
            for (String banned : List.of("StrictHostKeyChecking", "UserKnownHostsFile", "insert_key = false",
                    "insert_key=false")) {
                assertFalse(text.contains(banned), file + " contains " + banned);
            }
        }
        // CI reads each VM's keys from inside it; it never trusts whatever answers first.
        assertFalse(Files.readString(WORKFLOW).contains("--accept-new-host-keys"));
    }

    @Test
    void vagrantfileTakesEveryAddressFromTheInventory() throws IOException {
        String text = Files.readString(VAGRANTFILE);
        assertTrue(text.contains("inventory.yaml") && text.contains("InventoryHosts.load"), "reads inventory.yaml");
        assertFalse(text.matches("(?s).*\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b.*"),
                "no address written in the Vagrantfile: they come from the inventory");
        assertTrue(text.contains("\"centos/7\""));
        assertTrue(text.contains("provider \"virtualbox\"") && text.contains("provider \"libvirt\""));
    }

    @Test
    void rubyFilesParse() throws Exception {
        requireRuby();
        for (Path file : List.of(VAGRANTFILE, READER, Path.of(resource("vagrant_stub.rb")))) {
            Result r = exec(Map.of(), "ruby", "-c", file.toString());
            assertEquals(0, r.status, file + ": " + r.output);
            assertTrue(r.output.contains("Syntax OK"), r.output);
        }
    }

    @Test
    void rubyReaderSeesTheHostsProvisionSees() throws Exception {
        requireRuby();
        Inventory inventory = ProjectSchema.load(inventoryCopyWithKeys(), Map.of());
        Result r = exec(Map.of(), "ruby", READER.toString(), dir.resolve("inventory.yaml").toString());
        assertEquals(0, r.status, r.output);
        List<String> lines = r.output.lines().toList();
        assertEquals(inventory.hosts().size(), lines.size(), r.output);
        for (int i = 0; i < lines.size(); i++) {
            Host host = inventory.hosts().get(i);
            String[] fields = lines.get(i).split(" ");
            assertEquals(host.name(), fields[0]);
            assertEquals(host.address(), fields[1]);
            assertEquals(new HashSet<>(host.groups()), Set.of(fields[2].split(",")));
        }
    }

    @Test
    void vagrantfileDefinesOneCentos7MachinePerInventoryHost() throws Exception {
        requireRuby();
        Inventory inventory = ProjectSchema.load(inventoryCopyWithKeys(), Map.of());
        Result r = loadVagrantfile(Map.of());
        assertEquals(0, r.status, r.output);
        List<String> expected = new ArrayList<>();
        for (Host h : inventory.hosts()) {
            String memory = h.has(dev.provision.inventory.Role.LOAD_BALANCER) ? "1536" : "1024";
            expected.add(h.name() + " " + h.name() + " private_network=" + h.address()
                    + " virtualbox:" + memory + ",libvirt:" + memory);
        }
        expected.add("box centos/7");
        assertEquals(expected, r.output.lines().toList());
    }

    @Test
    void replicasThatDifferFromTheInventoryStopWithTheLinesToChange() throws Exception {
        requireRuby();
        inventoryCopyWithKeys();
        Result more = loadVagrantfile(Map.of("REPLICAS", "4"));
        assertEquals(1, more.status, more.output);
        assertTrue(more.output.contains("REPLICAS=4, " + dir.resolve("inventory.yaml") + " has 3. Add under services.hosts:"),
                more.output);
        assertTrue(more.output.contains("        web-4:\n          ansible_host: 192.168.56.24\n"
                + "          ansible_ssh_private_key_file: .vagrant/machines/web-4/virtualbox/private_key"), more.output);

        Result fewer = loadVagrantfile(Map.of("REPLICAS", "2"));
        assertEquals(1, fewer.status, fewer.output);
        assertTrue(fewer.output.contains("Remove from it: web-3 (and `vagrant destroy web-3`)"), fewer.output);

        Result same = loadVagrantfile(Map.of("REPLICAS", "3"));
        assertEquals(0, same.status, same.output);
    }

    @Test
    void vagrantValidateAcceptsTheVagrantfile() throws Exception {
        if (!onPath("vagrant") && "true".equals(System.getenv("CI"))) {
            fail("vagrant is not installed; CI must install it (apt-get install --no-install-recommends vagrant)");
        }
        assumeTrue(onPath("vagrant"), "vagrant is not installed (apt-get install vagrant): 'vagrant validate' not run");
        Result r = exec(Map.of("VAGRANT_CHECKPOINT_DISABLE", "1"), "vagrant", "validate", "--ignore-provider");
        assertEquals(0, r.status, r.output);
        assertTrue(r.output.contains("Vagrantfile validated successfully"), r.output);
        // The same check refuses a replica count the inventory does not have.
        Result refused = exec(Map.of("VAGRANT_CHECKPOINT_DISABLE", "1", "REPLICAS", "4"),
                "vagrant", "validate", "--ignore-provider");
        assertTrue(refused.status != 0 && refused.output.contains("web-4:"), refused.output);
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** A copy of the committed inventory whose Vagrant key files exist, as after 'vagrant up'. */
    private Path inventoryCopyWithKeys() throws IOException {
        Path copy = Files.copy(ROOT.resolve("inventory.yaml"), dir.resolve("inventory.yaml"));
        for (String name : List.of("consul-server", "lb", "web-1", "web-2", "web-3")) {
            Path key = dir.resolve(".vagrant/machines/" + name + "/virtualbox/private_key");
            Files.createDirectories(key.getParent());
            Files.writeString(key, "stand-in key");
        }
        return copy;
    }

    private Result loadVagrantfile(Map<String, String> env) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("PROVISION_INVENTORY", dir.resolve("inventory.yaml").toString());
        return exec(all, "ruby", resource("vagrant_stub.rb"), VAGRANTFILE.toString());
    }

    private static String run(List<Map<String, Object>> steps, String name) {
        return steps.stream().filter(s -> name.equals(s.get("name"))).map(s -> String.valueOf(s.get("run")))
                .findFirst().orElseThrow();
    }

    private static String resource(String name) throws Exception {
        return Path.of(VagrantSetupTest.class.getResource("/vagrant/" + name).toURI()).toString();
    }

    private static void requireRuby() {
        if (onPath("ruby")) return;
        if ("true".equals(System.getenv("CI"))) fail("ruby is not installed; CI must install it (apt-get install ruby)");
        assumeTrue(false, "ruby is not installed (apt-get install ruby): Vagrantfile checks not run");
    }

    private static boolean onPath(String command) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, command))) return true;
        }
        return false;
    }

    private record Result(int status, String output) {}

    private static Result exec(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().remove("REPLICAS");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes(); // ends when the process closes its output
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
