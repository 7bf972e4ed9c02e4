package dev.valence.examples;

import dev.valence.runtime.graph.ElectronRef;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Electron references for the {@code @Electron} methods of {@link Arithmetic}: nodes of graphs, and
 * replacements for one another on redispatch.
 */
@Generated("dev.valence.processor.ValenceProcessor")
public final class ArithmeticElectrons {
    /**
     * The reference to the electron {@link Arithmetic#task0(int)}.
     */
    private static final ElectronRef<Integer> TASK0 = ElectronRef.<Integer>builder("dev.valence.examples.Arithmetic#task0")
            .name("task0")
            .parameter("a", "java.lang.Integer")
            .returns("java.lang.Integer")
            .codeFingerprint("32902bac70bbc46a3ef0a3bc94359c3af1d07e373f77586903bc13c630051c7d")
            .codePart("method dev.valence.examples.Arithmetic#task0(java.lang.Integer!)", "26f31d41ff9b5309")
            .catalog("dev.valence.examples.ArithmeticElectrons$Catalog")
            .build(args -> Arithmetic.task0((Integer) args[0]));

    /**
     * The reference to the electron {@link Arithmetic#task1(int, int)}.
     */
    private static final ElectronRef<Integer> TASK1 = ElectronRef.<Integer>builder("dev.valence.examples.Arithmetic#task1")
            .name("task1")
            .parameter("a", "java.lang.Integer")
            .parameter("b", "java.lang.Integer")
            .returns("java.lang.Integer")
            .codeFingerprint("23672fdfa4965bf1893f42ca8983b152fbb19aa42e3920ed3c62b4bd9cad91b4")
            .codePart("method dev.valence.examples.Arithmetic#task1(java.lang.Integer!,java.lang.Integer!)", "e760f8d11761864b")
            .catalog("dev.valence.examples.ArithmeticElectrons$Catalog")
            .build(args -> Arithmetic.task1((Integer) args[0], (Integer) args[1]));

    /**
     * The reference to the electron {@link Arithmetic#task2(int, int)}.
     */
    private static final ElectronRef<Double> TASK2 = ElectronRef.<Double>builder("dev.valence.examples.Arithmetic#task2")
            .name("task2")
            .parameter("a", "java.lang.Integer")
            .parameter("b", "java.lang.Integer")
            .returns("java.lang.Double")
            .codeFingerprint("8a74d8daaccca4aac27ee7638e8c017492e581631ce960a471d3d3eaf85dd401")
            .codePart("method dev.valence.examples.Arithmetic#task2(java.lang.Integer!,java.lang.Integer!)", "ff016167006d4bfc")
            .catalog("dev.valence.examples.ArithmeticElectrons$Catalog")
            .build(args -> Arithmetic.task2((Integer) args[0], (Integer) args[1]));

    /**
     * The reference to the electron {@link Arithmetic#task2Redefined(int, int)}.
     */
    private static final ElectronRef<Double> TASK2_REDEFINED = ElectronRef.<Double>builder("dev.valence.examples.Arithmetic#task2Redefined")
            .name("task2Redefined")
            .parameter("a", "java.lang.Integer")
            .parameter("b", "java.lang.Integer")
            .returns("java.lang.Double")
            .codeFingerprint("aa2e1b7f8f913436c740af71233165efc7398581f077bad90ce3f30d7da44c79")
            .codePart("method dev.valence.examples.Arithmetic#task2Redefined(java.lang.Integer!,java.lang.Integer!)", "0a3fb00a268a48e0")
            .catalog("dev.valence.examples.ArithmeticElectrons$Catalog")
            .build(args -> Arithmetic.task2Redefined((Integer) args[0], (Integer) args[1]));

    /**
     * Not instantiated: static members only.
     */
    private ArithmeticElectrons() {
    }

    /**
     * The electron {@link Arithmetic#task0(int)}.
     *
     * @return its reference
     */
    public static ElectronRef<Integer> task0() {
        return TASK0;
    }

    /**
     * The electron {@link Arithmetic#task1(int, int)}.
     *
     * @return its reference
     */
    public static ElectronRef<Integer> task1() {
        return TASK1;
    }

    /**
     * The electron {@link Arithmetic#task2(int, int)}.
     *
     * @return its reference
     */
    public static ElectronRef<Double> task2() {
        return TASK2;
    }

    /**
     * The electron {@link Arithmetic#task2Redefined(int, int)}.
     *
     * @return its reference
     */
    public static ElectronRef<Double> task2Redefined() {
        return TASK2_REDEFINED;
    }

    /**
     * Lists this class's electrons for the runtime, which loads it by name to redispatch
     * stored dispatches.
     */
    public static final class Catalog implements dev.valence.runtime.graph.Catalog {
        /**
         * Made by the runtime, by name.
         */
        public Catalog() {
        }

        @Override
        public List<ElectronRef<?>> electrons() {
            return List.of(TASK0, TASK1, TASK2, TASK2_REDEFINED);
        }
    }
}
