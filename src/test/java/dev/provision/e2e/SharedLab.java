package dev.provision.e2e;

import dev.provision.lab.Lab;
import dev.provision.lab.LabInfo;
import dev.provision.lab.LabSpec;
import java.io.PrintWriter;

/**
 * The one lab the end-to-end tests of a run share, so the deployment (HAProxy's build above
 * all) is paid for once. It is made fresh the first time a test asks for it in a JVM (tests
 * such as "check mode on bare hosts" need bare hosts), then reused; failsafe runs the test
 * classes in alphabetical order: Ping, Up, Verify. {@code .ci/run} takes it down at the end.
 */
public final class SharedLab {
    /** Its own name and subnet, so a developer's default lab ('provision') is never touched. */
    public static final String NAME = "e2e";
    public static final String SUBNET = "198.18.2.0/24";
    public static final int REPLICAS = 3;

    private static LabInfo info;

    private SharedLab() {}

    /** The shared lab, booted fresh on first use in this JVM; with at least {@code replicas} replicas later. */
    public static synchronized LabInfo get() {
        E2e.requireLabMachine();
        if (info == null) {
            var lab = new Lab(new PrintWriter(System.out, true));
            lab.down(NAME);
            info = lab.up(new LabSpec(NAME, SUBNET, REPLICAS));
        }
        return info;
    }

    /** Adds replicas to the shared lab (lab up --replicas N), touching nothing else. */
    public static synchronized LabInfo scaleTo(int replicas) {
        get();
        info = new Lab(new PrintWriter(System.out, true)).up(new LabSpec(NAME, SUBNET, replicas));
        return info;
    }

    /** The arguments every command needs to reach the shared lab with verified host keys. */
    public static String[] connectArgs() {
        var i = get();
        return new String[] {"-i", i.inventory().toString(), "--known-hosts", i.knownHosts().toString()};
    }
}
