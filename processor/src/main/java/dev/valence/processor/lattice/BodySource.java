package dev.valence.processor.lattice;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;

/**
 * The source text of the file a lattice is declared in, and where its trees stand in it. The
 * lowering copies the body from this text, and the rules need it to tell {@code var} from a
 * declared type (javac's trees show both with the inferred type).
 */
public final class BodySource {
    private final CompilationUnitTree unit;
    private final SourcePositions positions;
    private final CharSequence text;

    private BodySource(CompilationUnitTree unit, SourcePositions positions, CharSequence text) {
        this.unit = unit;
        this.positions = positions;
        this.text = text;
    }

    /** Reads the text of a compilation unit; javac usually holds it in memory already. */
    static BodySource read(Trees trees, CompilationUnitTree unit) throws IOException {
        return new BodySource(
                unit, trees.getSourcePositions(), unit.getSourceFile().getCharContent(true));
    }

    /** @return the compilation unit, which diagnostics on trees need */
    CompilationUnitTree unit() {
        return unit;
    }

    /** @return the whole text of the file */
    public CharSequence text() {
        return text;
    }

    /**
     * @param tree a tree of this unit
     * @return the position of its first character
     */
    public long start(Tree tree) {
        long start = positions.getStartPosition(unit, tree);
        if (start < 0) {
            throw new IllegalStateException("no source position for " + tree);
        }
        return start;
    }

    /**
     * @param tree a tree of this unit
     * @return the position after its last character
     */
    public long end(Tree tree) {
        long end = positions.getEndPosition(unit, tree);
        if (end < 0) {
            throw new IllegalStateException("no end position for " + tree);
        }
        return end;
    }

    /**
     * @param variable a variable of this unit
     * @return whether it is declared without a type of its own in the source ({@code var}, lambda
     *     parameters)
     */
    public boolean implicitlyTyped(VariableTree variable) {
        Tree type = variable.getType();
        if (type == null) {
            return true;
        }
        long start = positions.getStartPosition(unit, type);
        long end = positions.getEndPosition(unit, type);
        return start < 0 || end <= start || "var".contentEquals(text.subSequence((int) start, (int) end));
    }
}
