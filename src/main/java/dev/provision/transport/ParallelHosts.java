package dev.provision.transport;

import dev.provision.inventory.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one task per host, at most {@code forks} at a time, and keeps going when one fails: a
 * failing host never hides another host's result.
 */
public final class ParallelHosts {
    private ParallelHosts() {}

    /**
     * Runs {@code task} for every host and returns the results in host order.
     *
     * @param onError turns a task's exception into that host's result
     * @param onEach called with each result as it comes (on the calling thread, one at a time),
     *     so a command can print progress in completion order
     */
    public static <R> List<R> map(
            List<Host> hosts,
            int forks,
            Function<Host, R> task,
            BiFunction<Host, RuntimeException, R> onError,
            Consumer<R> onEach) {
        if (forks < 1) throw new IllegalArgumentException("forks must be at least 1, got " + forks);
        if (hosts.isEmpty()) return List.of();
        var pool = Executors.newFixedThreadPool(Math.min(forks, hosts.size()), r -> {
            var t = new Thread(r, "host-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            var done = new ExecutorCompletionService<Indexed<R>>(pool);
            for (int i = 0; i < hosts.size(); i++) {
                int index = i;
                Host host = hosts.get(i);
                done.submit(() -> {
                    R r;
                    try {
                        r = task.apply(host);
                    } catch (RuntimeException e) {
                        r = onError.apply(host, e);
                    }
                    return new Indexed<>(index, r);
                });
            }
            var results = new ArrayList<R>(hosts.size());
            for (int i = 0; i < hosts.size(); i++) results.add(null);
            for (int i = 0; i < hosts.size(); i++) {
                Future<Indexed<R>> f = done.take();
                Indexed<R> ir = f.get();
                results.set(ir.index(), ir.result());
                onEach.accept(ir.result());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for hosts", e);
        } catch (ExecutionException e) {
            // onError itself threw: a bug, not a host's failure.
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record Indexed<R>(int index, R result) {}
}
