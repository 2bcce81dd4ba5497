package dev.provision.ops;

import dev.provision.facts.FactRequest;
import dev.provision.facts.Touched;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import java.nio.file.Path;

/** One thing a plan does to a host: run a command, or write a file. */
public sealed interface Action {

    /** How the action is shown in check mode and in errors (secrets are masked by the caller). */
    String describe();

    /** The facts this action may change: a later step reads them again before it plans. */
    Touched touches();

    /**
     * Runs a command; a non-zero exit fails the step.
     *
     * @param touches what the command changes; {@link Touched#EVERYTHING} when nobody can say
     */
    record Exec(RemoteCommand command, Touched touches) implements Action {
        /** A command whose effects are not known in advance (a package install, a user's script). */
        public Exec(RemoteCommand command) {
            this(command, Touched.EVERYTHING);
        }

        /** A command that changes exactly these facts. */
        public static Exec touching(RemoteCommand command, FactRequest facts) {
            return new Exec(command, Touched.facts(facts));
        }

        @Override
        public String describe() {
            return command.toString();
        }
    }

    /**
     * Writes a file atomically. With {@code validate} (a command with {@code %s} for the file),
     * the new content is first written beside the target, checked there, and only renamed over
     * the target if the check passed: a broken configuration never replaces a working one.
     *
     * @param content the bytes, or null when {@code localFile} is streamed instead
     */
    record Upload(String path, byte[] content, Path localFile, FileAttrs attrs, String validate) implements Action {
        public static Upload bytes(String path, byte[] content, FileAttrs attrs, String validate) {
            return new Upload(path, content, null, attrs, validate);
        }

        public static Upload file(String path, Path localFile, FileAttrs attrs) {
            return new Upload(path, null, localFile, attrs, null);
        }

        @Override
        public String describe() {
            String what = localFile != null ? localFile.getFileName().toString() : content.length + " bytes";
            return "write " + path + " (" + what + ", " + attrs.owner() + ":" + attrs.group() + " " + attrs.mode() + ")"
                    + (validate == null ? "" : ", validated by: " + validate);
        }

        @Override
        public Touched touches() {
            return Touched.facts(new FactRequest().file(path).content(path));
        }
    }
}
