package dev.provision.e2e;

import dev.provision.lab.Lab;
import dev.provision.lab.LabHost;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A shell command as root on one of the shared lab's hosts, over the lab's own ssh (not the tool's code). */
final class LabShell {
    record Result(int exit, String out) {
        boolean ok() {
            return exit == 0;
        }
    }

    private LabShell() {}

    static Result run(LabHost host, String script, int timeoutSeconds) throws Exception {
        List<String> argv = new Lab(new PrintWriter(System.out, true)).sshCommand(SharedLab.NAME, host.address(), "sudo",
                "-n", "sh", "-c", SharedLab.quote(script));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        var out = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                out.complete(new String(p.getInputStream().readAllBytes()));
            } catch (java.io.IOException e) {
                out.complete("");
            }
        });
        t.setDaemon(true);
        t.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s on " + host.name() + ": " + script);
        }
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS));
    }

    /** Runs it; fails the test, with its output, when it fails. */
    static String ok(LabHost host, String script) throws Exception {
        Result r = run(host, script, 120);
        if (!r.ok()) throw new AssertionError(host.name() + ": " + script + " exited " + r.exit() + ":\n" + r.out());
        return r.out();
    }

    static LabHost host(String name) {
        return SharedLab.get().hosts().stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no host " + name + " in the lab"));
    }

    static LabHost balancer() {
        return SharedLab.get().hosts().stream().filter(h -> h.group().equals(LabHost.LOAD_BALANCERS)).findFirst()
                .orElseThrow();
    }
}
