package dev.provision.playbook;

import dev.provision.ops.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An operation as playbooks name it: its arguments (name, type, required) and how checked
 * arguments become an {@link Op}. Declared once in {@link Operations}; {@link StepCompiler}
 * checks every step against its declaration the same way.
 *
 * @param shorthand the argument a bare value fills ({@code package: [gcc]}), or null
 */
public record Operation(String name, String shorthand, Map<String, Arg> args, Function<OpArgs, Op> build) {

    /** One declared argument. */
    public record Arg(String name, ArgType type, boolean required) {}

    public Optional<Arg> arg(String name) {
        return Optional.ofNullable(args.get(name));
    }

    /** Argument names, for messages. */
    public String argNames() {
        return String.join(", ", args.keySet());
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Declares an operation argument by argument. */
    public static final class Builder {
        private final String name;
        private String shorthand;
        private final List<Arg> args = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder required(String arg, ArgType type) {
            args.add(new Arg(arg, type, true));
            return this;
        }

        public Builder optional(String arg, ArgType type) {
            args.add(new Arg(arg, type, false));
            return this;
        }

        /** owner, group and mode of a file or folder: all optional. */
        public Builder fileAttrs() {
            return optional("owner", ArgType.TEXT).optional("group", ArgType.TEXT).optional("mode", ArgType.MODE);
        }

        /** A bare value ({@code service: consul}) fills this argument. */
        public Builder shorthand(String arg) {
            shorthand = arg;
            return this;
        }

        public Operation builds(Function<OpArgs, Op> build) {
            Map<String, Arg> byName = new LinkedHashMap<>();
            for (Arg a : args) byName.put(a.name(), a);
            if (shorthand != null && !byName.containsKey(shorthand)) {
                throw new IllegalStateException(name + ": shorthand " + shorthand + " is not an argument");
            }
            // Declaration order is kept: messages list the arguments as the operation declares them.
            return new Operation(name, shorthand, Collections.unmodifiableMap(byName), build);
        }
    }
}
