package dev.valence.processor.validation;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The findings of one validator: diagnostics, each attached to the element, annotation attribute
 * or expression it concerns, so that the compiler shows it at the right line. Validators never
 * throw; they add items and keep going, so a user sees every problem of a class at once.
 *
 * <p>A report can also be <em>incomplete</em>: the code mentions something javac has not resolved
 * yet (a type another processor generates later, or a plain typo). Such a class is retried in the
 * next round, and if it is still unresolved when processing ends, javac reports the real error.
 */
public final class ValidationReport {

    /** One diagnostic, with what it is printed on. */
    private record Item(
            Diagnostic.Kind kind,
            String message,
            Element element,
            AnnotationMirror annotation,
            AnnotationValue value,
            Tree tree,
            CompilationUnitTree unit) {}

    private final List<Item> items = new ArrayList<>();
    private boolean incomplete;

    /**
     * Reports an error on an element (a method or a class).
     *
     * @param element the element at fault
     * @param message what is wrong and what to do instead
     */
    public void error(Element element, String message) {
        items.add(new Item(Diagnostic.Kind.ERROR, message, element, null, null, null, null));
    }

    /**
     * Reports an error on one attribute of an annotation.
     *
     * @param element the annotated element
     * @param annotation the annotation
     * @param value the attribute's value at fault
     * @param message what is wrong and what to do instead
     */
    public void error(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {
        items.add(new Item(Diagnostic.Kind.ERROR, message, element, annotation, value, null, null));
    }

    /**
     * Reports an error on an expression or statement of a method body.
     *
     * @param tree the expression or statement at fault
     * @param unit the compilation unit holding it
     * @param message what is wrong and what to do instead
     */
    public void error(Tree tree, CompilationUnitTree unit, String message) {
        items.add(new Item(Diagnostic.Kind.ERROR, message, null, null, null, tree, unit));
    }

    /** Marks the report incomplete: something is unresolved, so the class waits for a later round. */
    public void markIncomplete() {
        incomplete = true;
    }

    /**
     * Adds all items of another report to this one.
     *
     * @param other a report
     */
    public void addAll(ValidationReport other) {
        items.addAll(other.items);
        incomplete |= other.incomplete;
    }

    /** @return whether nothing is wrong and nothing is unresolved */
    public boolean isClean() {
        return items.isEmpty() && !incomplete;
    }

    /** @return whether some error was found */
    public boolean hasErrors() {
        return !items.isEmpty();
    }

    /** @return whether something is still unresolved */
    public boolean isIncomplete() {
        return incomplete;
    }

    /** @return the messages, for tests and debugging */
    public List<String> messages() {
        List<String> messages = new ArrayList<>();
        for (Item item : items) {
            messages.add(item.message());
        }
        return Collections.unmodifiableList(messages);
    }

    /**
     * Prints every item where it belongs.
     *
     * @param messager for items on elements
     * @param trees for items on expressions
     */
    public void printTo(Messager messager, Trees trees) {
        for (Item item : items) {
            if (item.tree() != null) {
                trees.printMessage(item.kind(), item.message(), item.tree(), item.unit());
            } else if (item.value() != null) {
                messager.printMessage(item.kind(), item.message(), item.element(), item.annotation(), item.value());
            } else {
                messager.printMessage(item.kind(), item.message(), item.element());
            }
        }
    }
}
