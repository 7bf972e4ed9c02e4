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
    private static final ElectronRef<Integer> TASK0 = ElectronRef.<Integer>builder("dev.valence.examples.Arithmetic#task0")
            .name("task0")
            .parameter("a", "java.lang.Integer")
            .returns("java.lang.Integer")
            .codeFingerprint("48b64b58c35dbcfc8ee3430138b61a6f2b00888b57607044f1dcddc4e6933caf")
            .catalog("dev.valence.examples.ArithmeticElectrons$Catalog")
            .build(args -> Arithmetic.task0((Integer) args[0]));

    private static final ElectronRef<Integer> TASK1 = ElectronRef.<Integer>builder("dev.valence.examples.Arithmetic#task1")
            .name("task1")
            .parameter("a", "java.lang.Integer")
            .parameter("b", "java.lang.Integer")
            .returns("java.lang.Integer")
            .codeFingerprint("ee2c69d894651dd8d3fe677d9389cb3432b9d071065845021c96329620a450c2")
            .catalog("dev.valence.examples.ArithmeticElectrons$Catalog")
            .build(args -> Arithmetic.task1((Integer) args[0], (Integer) args[1]));

    private static final ElectronRef<Double> TASK2 = ElectronRef.<Double>builder("dev.valence.examples.Arithmetic#task2")
            .name("task2")
            .parameter("a", "java.lang.Integer")
            .parameter("b", "java.lang.Integer")
            .returns("java.lang.Double")
            .codeFingerprint("46b5bce3bfcc334ac8c6972845e812da2a3ee6be617bb07894a576b83669acf8")
            .catalog("dev.valence.examples.ArithmeticElectrons$Catalog")
            .build(args -> Arithmetic.task2((Integer) args[0], (Integer) args[1]));

    private static final ElectronRef<Double> TASK2_REDEFINED = ElectronRef.<Double>builder("dev.valence.examples.Arithmetic#task2Redefined")
            .name("task2Redefined")
            .parameter("a", "java.lang.Integer")
            .parameter("b", "java.lang.Integer")
            .returns("java.lang.Double")
            .codeFingerprint("8d03dcce615a4f193ef23b8de9a083f863e7192085def557f2bfdee9537748f4")
            .catalog("dev.valence.examples.ArithmeticElectrons$Catalog")
            .build(args -> Arithmetic.task2Redefined((Integer) args[0], (Integer) args[1]));

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
        @Override
        public List<ElectronRef<?>> electrons() {
            return List.of(TASK0, TASK1, TASK2, TASK2_REDEFINED);
        }
    }
}
