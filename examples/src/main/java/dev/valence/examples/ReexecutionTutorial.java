package dev.valence.examples;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import java.util.List;

/**
 * The four steps of Covalent's re-execution tutorial against one store: dispatch, redispatch with
 * an electron replaced and nothing reused, the same reusing the first dispatch's results, and new
 * inputs reusing what still matches.
 */
public final class ReexecutionTutorial {

    /**
     * One step's outcome.
     *
     * @param title what the step did
     * @param result the stored result of its dispatch
     */
    public record Step(String title, DispatchResult<Double> result) {}

    private final Valence valence;

    /**
     * @param valence the instance to dispatch on
     */
    public ReexecutionTutorial(Valence valence) {
        this.valence = valence;
    }

    /**
     * Runs the four steps, each waiting for the previous one.
     *
     * @return the steps in order
     */
    public List<Step> run() {
        Dispatch<Double> first = valence.dispatch(ArithmeticLattices.workflow(1, 2));
        DispatchResult<Double> firstResult = first.await();

        DispatchResult<Double> replaced = valence.redispatch(first)
                .replace(ArithmeticElectrons.task2(), ArithmeticElectrons.task2Redefined())
                .reuse(Reuse.NONE)
                .start()
                .await();

        DispatchResult<Double> reused = valence.redispatch(first)
                .replace(ArithmeticElectrons.task2(), ArithmeticElectrons.task2Redefined())
                .reuse(Reuse.from(first.id()))
                .start()
                .await();

        DispatchResult<Double> newInputs = valence.redispatch(first)
                .replace(ArithmeticElectrons.task2(), ArithmeticElectrons.task2Redefined())
                .withInputs(ArithmeticLattices.workflow(1, 4))
                .reuse(Reuse.from(first.id()))
                .start()
                .await();

        return List.of(
                new Step("dispatch workflow(1, 2)", firstResult),
                new Step("redispatch, task2 -> task2Redefined, Reuse.NONE", replaced),
                new Step("redispatch, task2 -> task2Redefined, reuse from step 1", reused),
                new Step("redispatch with inputs (1, 4), reuse from step 1", newInputs));
    }
}
