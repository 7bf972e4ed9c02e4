package dev.valence.processor.generation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.valence.processor.model.Code;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the names a lattice's copied body uses that a generated constant could hide: the classes
 * it names (a body calling {@code ETL.clean(x)} beside a lattice {@code etl}, whose constant is
 * {@code ETL}) and every upper-case word of its source text, since constants are upper case.
 */
final class ClassNamesInCode {
    private static final Pattern UPPER_CASE_WORD = Pattern.compile("\\b[A-Z][A-Z0-9_]*\\b");

    private ClassNamesInCode() {}

    /**
     * @param code a lowered body
     * @param names where the names are reserved
     */
    static void reserveIn(Code code, JavaNames names) {
        if (code instanceof Code.Text text) {
            Matcher words = UPPER_CASE_WORD.matcher(text.text());
            while (words.find()) {
                names.reserve(words.group());
            }
        } else if (code instanceof Code.Type type) {
            reserveType(type.type(), names);
        } else if (code instanceof Code.Sequence sequence) {
            reserveAll(sequence.parts(), names);
        } else if (code instanceof Code.Constant constant) {
            reserveIn(constant.value(), names);
        } else if (code instanceof Code.ElectronCall call) {
            names.reserveClass(call.electrons());
            reserveAll(call.arguments(), names);
        } else if (code instanceof Code.HandleList list) {
            reserveIn(list.list(), names);
        } else if (code instanceof Code.Collection collection) {
            reserveIn(collection.assemble(), names);
            reserveAll(collection.parts(), names);
        } else if (code instanceof Code.Sublattice sublattice) {
            names.reserveClass(sublattice.lattices());
            reserveAll(sublattice.arguments(), names);
        } else if (code instanceof Code.Expansion expansion) {
            names.reserveClass(expansion.lattices());
            reserveAll(expansion.arguments(), names);
        }
        // The remaining pieces (graph, input handles, parts, handle types) print names of their own
        // or runtime types, which never collide with upper-case constants.
    }

    private static void reserveAll(List<Code> codes, JavaNames names) {
        codes.forEach(code -> reserveIn(code, names));
    }

    private static void reserveType(TypeName type, JavaNames names) {
        if (type instanceof ClassName name) {
            names.reserveClass(name);
        }
    }
}
