package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The top-level help lists each command with one whole sentence; completion covers every command. */
class TopLevelHelpTest {

    private static String[] run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = ProvisionCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void everyCommandIsSummedUpInOneWholeSentenceOnOneLine() {
        var root = ProvisionCommand.commandLine();
        String help = run("--help")[1];
        for (var entry : root.getSubcommands().entrySet()) {
            String[] header = entry.getValue().getCommandSpec().usageMessage().header();
            assertEquals(1, header.length, entry.getKey() + ": the summary is one line");
            String sentence = header[0];
            assertTrue(sentence.endsWith("."), entry.getKey() + ": the summary is a whole sentence: " + sentence);
            // The listing shows it whole: on the command's own line, not wrapped or cut.
            String line = help.lines().filter(l -> l.startsWith("  " + entry.getKey() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(entry.getKey() + " not listed in:\n" + help));
            assertTrue(line.endsWith(sentence), entry.getKey() + ": listed as '" + line + "', expected '" + sentence + "'");
        }
    }

    @Test
    void completionScriptCoversEveryCommandAndItsOptions() {
        String[] r = run("completion");
        assertEquals("0", r[0], r[2]);
        String script = r[1];
        assertTrue(script.contains("complete -F"), "a bash completion function is registered");
        for (String command : ProvisionCommand.commandLine().getSubcommands().keySet()) {
            assertTrue(script.contains(command), "completion knows '" + command + "'");
        }
        for (String option : new String[] {"--accept-new-host-keys", "--no-disruptive", "--limit", "--replicas"}) {
            assertTrue(script.contains(option), "completion knows " + option);
        }
    }
}
