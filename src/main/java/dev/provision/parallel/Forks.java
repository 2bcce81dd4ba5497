package dev.provision.parallel;

import dev.provision.ProvisionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one way hosts are handled in parallel ({@code up}, {@code ping}, {@code verify},
 * {@code lab}): one task per item, at most {@code forks} at a time, results in the items'
 * order. A task that throws becomes that item's result through {@code onError}, so a failing
 * host never hides another host's result. Interrupting the caller stops the workers and
 * fails the run.
 */
public final class Forks {
    private Forks() {}

    /** {@link #map(List, int, Function, BiFunction, Consumer)} without progress. */
    public static <T, R> List<R> map(List<T> items, int forks, Function<T, R> task, BiFunction<T, RuntimeException, R> onError) {
        return map(items, forks, task, onError, r -> {});
    }

    /**
     * Runs {@code task} for every item and returns the results in the items' order.
     *
     * @param forks at most this many tasks at once (at least 1)
     * @param onError turns a task's exception into that item's result
     * @param onEach told of each result as it comes, in completion order, on the calling thread
     *     one at a time: a command can print progress without locking
     * @throws ProvisionException (exit 1) when the calling thread is interrupted while waiting
     */
    public static <T, R> List<R> map(List<T> items, int forks, Function<T, R> task,
            BiFunction<T, RuntimeException, R> onError, Consumer<R> onEach) {
        if (forks < 1) throw new IllegalArgumentException("forks must be at least 1, got " + forks);
        if (items.isEmpty()) return List.of();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(forks, items.size()), r -> {
            var t = new Thread(r, "host-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            var done = new ExecutorCompletionService<Indexed<R>>(pool);
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                T item = items.get(i);
                done.submit(() -> {
                    try {
                        return new Indexed<>(index, task.apply(item));
                    } catch (RuntimeException e) {
                        return new Indexed<>(index, onError.apply(item, e));
                    }
                });
            }
            var results = new ArrayList<R>(Collections.nCopies(items.size(), null));
            for (int i = 0; i < items.size(); i++) {
                Indexed<R> r = done.take().get();
                results.set(r.index(), r.result());
                onEach.accept(r.result());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProvisionException.failed("interrupted while hosts were being handled");
        } catch (ExecutionException e) {
            // Not a host's failure (those went through onError): an Error, or onError itself threw.
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record Indexed<R>(int index, R result) {}
}
