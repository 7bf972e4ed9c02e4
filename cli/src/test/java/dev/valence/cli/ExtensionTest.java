package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Another module's command joins {@code valence} through the {@link ValenceSubcommand} service. */
class ExtensionTest {
    /** Listed in this module's test resources, as a dashboard module would list its {@code ui}. */
    @Command(name = "hello", description = "a command of another module")
    public static final class Hello implements ValenceSubcommand, Callable<Integer> {
        @Spec
        CommandSpec spec;

        /** Made by the service loader. */
        public Hello() {}

        @Override
        public Integer call() {
            spec.commandLine().getOut().println("hello from another module");
            return ExitCodes.OK;
        }
    }

    @Test
    void aServiceOnTheClassPathBecomesASubcommandBesideTheBuiltInOnes() {
        CommandLine commandLine = Main.commandLine();
        assertTrue(commandLine.getSubcommands().keySet().containsAll(List.of("list", "show", "hello")));
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        assertEquals(ExitCodes.OK, Main.run(commandLine, "hello"));
        assertEquals("hello from another module", out.toString().strip());
    }

    @Test
    void anExtendedCommandLineKeepsTheUsageExitCode() {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(new StringWriter()));
        assertEquals(ExitCodes.USAGE, Main.run(commandLine, "hello", "--nope"));
    }
}
