package dev.valence.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether output goes to a person at a terminal, so that {@code show --follow} may redraw in place. */
final class Terminal {
    private Terminal() {}

    /**
     * Up to Java 21 a process has a console only on a terminal. From Java 22 every process has one,
     * even with its output redirected to a file, and {@code Console.isTerminal()} (absent from the
     * Java 17 this module compiles for, hence reflection) tells the two apart. Escape codes written
     * into a file or a pipe would garble what a script reads, so anything uncertain is no terminal.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException beforeJava22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
