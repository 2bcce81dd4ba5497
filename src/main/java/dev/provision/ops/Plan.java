package dev.provision.ops;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a step would do on a host: no action means the host is already as wanted ("ok");
 * any action means "changed".
 *
 * @param actions the commands and uploads for the difference only
 * @param summary what differs, in a few words ("absent", "mode 0644 -> 0640", "+8080/tcp")
 * @param effects what applying it means for later steps of the play ({@link Effect})
 * @param fileChange the new content of a file it rewrites, for --diff
 */
public record Plan(List<Action> actions, String summary, Set<Effect> effects, Optional<FileChange> fileChange) {

    public static Plan ok() {
        return new Plan(List.of(), "", Set.of(), Optional.empty());
    }

    public static Plan of(String summary, List<Action> actions) {
        return new Plan(List.copyOf(actions), summary, Set.of(), Optional.empty());
    }

    public Plan withEffects(Set<Effect> more) {
        var all = new java.util.HashSet<>(effects);
        all.addAll(more);
        return new Plan(actions, summary, Set.copyOf(all), fileChange);
    }

    public Plan withFileChange(FileChange change) {
        return new Plan(actions, summary, effects, Optional.of(change));
    }

    public boolean changes() {
        return !actions.isEmpty();
    }

    /** The new text of a file, for a before/after diff. */
    public record FileChange(String path, String after) {}
}
