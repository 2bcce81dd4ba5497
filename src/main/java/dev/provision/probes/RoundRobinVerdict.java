package dev.provision.probes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a recorded sequence of answers is a fair round robin: a pure function, so it
 * is tested on recorded sequences without any host.
 *
 * <p>It passes only if (1) every replica that answered is one Consul reports passing, (2) every
 * passing replica answered exactly {@code perReplica} times, and (3) the order is a strict
 * rotation: the first k answers are k distinct replicas and answer i equals answer i mod k.
 */
public final class RoundRobinVerdict {
    private static final int MAX_ORDER_PROBLEMS = 3;

    /**
     * Fewest answers per replica that can show a rotation: with one, any order of distinct
     * replicas passes; with two, a pattern seen once more. Three rounds repeat the cycle twice.
     */
    public static final int MIN_PER_REPLICA = 3;

    private RoundRobinVerdict() {}

    /**
     * The verdict, with one problem per broken rule naming the replica concerned.
     *
     * @param passed true when every rule held
     * @param problems what broke, in words; empty when passed
     * @param cycle the rotation found (the first k distinct answers)
     */
    public record Verdict(boolean passed, List<String> problems, List<String> cycle) {
        public String summary() {
            return passed ? "strict rotation over " + String.join(", ", cycle) : String.join("; ", problems);
        }
    }

    public static Verdict judge(List<String> answers, Set<String> passingInConsul, int perReplica) {
        if (perReplica < MIN_PER_REPLICA) {
            throw new IllegalArgumentException("at least " + MIN_PER_REPLICA + " answers per replica are needed to judge a "
                    + "rotation, got " + perReplica);
        }
        var problems = new ArrayList<String>();
        if (answers.isEmpty()) {
            return new Verdict(false, List.of("no answers were recorded"), List.of());
        }
        if (passingInConsul.isEmpty()) {
            problems.add("Consul reports no passing replica");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String a : answers) counts.merge(a, 1, Integer::sum);

        for (var en : counts.entrySet()) {
            if (!passingInConsul.contains(en.getKey())) {
                problems.add("replica " + en.getKey() + " answered " + times(en.getValue())
                        + " but Consul does not list it as passing");
            }
        }
        for (String r : sorted(passingInConsul)) {
            int n = counts.getOrDefault(r, 0);
            if (n == 0) {
                problems.add("replica " + r + " is passing in Consul but never answered (expected " + perReplica + ")");
            } else if (n != perReplica) {
                problems.add("replica " + r + " answered " + times(n) + ", expected exactly " + perReplica);
            }
        }

        // The cycle is whatever the first distinct answers were; every later answer must repeat it.
        var cycle = new ArrayList<String>(new LinkedHashSet<>(answers));
        int k = cycle.size();
        int orderProblems = 0;
        for (int i = 0; i < answers.size() && orderProblems < MAX_ORDER_PROBLEMS; i++) {
            String want = cycle.get(i % k);
            String got = answers.get(i);
            if (!got.equals(want)) {
                orderProblems++;
                problems.add("not a strict rotation: answer " + (i + 1) + " came from " + got + ", expected "
                        + want + " (cycle " + String.join(" > ", cycle) + ")");
            }
        }
        return new Verdict(problems.isEmpty(), List.copyOf(problems), List.copyOf(cycle));
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
