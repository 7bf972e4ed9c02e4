package dev.valence.processor.generation;

import com.sun.source.tree.Tree;
import dev.valence.processor.lattice.BodySource;
import dev.valence.processor.model.Code;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replacements of parts of a lattice body's source text, and the text with them applied. The
 * builder's body is the lattice's own source, so that what the user wrote (comments, spacing,
 * expressions the processor does not touch) reads the same in the generated code.
 */
final class SourceEdits {
    /** A replacement of the source text between two positions. */
    private record Edit(long start, long end, Code code) {}

    private final BodySource source;
    private final int column;
    private final List<Edit> edits = new ArrayList<>();

    /**
     * @param source the text edited
     * @param column the column of the body's first statement, removed from every copied line so
     *     that the generator can indent the body as its own
     */
    SourceEdits(BodySource source, int column) {
        this.source = source;
        this.column = column;
    }

    /** The column of a position: how many characters precede it on its line. */
    static int columnOf(CharSequence text, long position) {
        int column = 0;
        for (long i = position - 1; i >= 0 && text.charAt((int) i) != '\n'; i--) {
            column++;
        }
        return column;
    }

    /** Replaces the source of a tree. */
    void replace(Tree tree, Code code) {
        edits.add(new Edit(source.start(tree), source.end(tree), code));
    }

    /**
     * The source between two positions, with the replacements applied. A replacement inside an
     * earlier one, or reaching past the end, is dropped: the outer one already rewrote that text.
     */
    Code assemble(long start, long end) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingLong(Edit::start));
        List<Code> parts = new ArrayList<>();
        long at = start;
        for (Edit edit : sorted) {
            if (edit.start() < at || edit.end() > end) {
                continue;
            }
            if (edit.start() > at) {
                parts.add(Code.text(slice(at, edit.start())));
            }
            parts.add(edit.code());
            at = edit.end();
        }
        if (at < end) {
            parts.add(Code.text(slice(at, end)));
        }
        return parts.size() == 1 ? parts.get(0) : new Code.Sequence(parts);
    }

    /** The source between two positions, with the body's indentation removed from each new line. */
    private String slice(long start, long end) {
        String text = source.text().subSequence((int) start, (int) end).toString();
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c);
            if (c == '\n') {
                int skipped = 0;
                while (skipped < column
                        && i + 1 < text.length()
                        && (text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\t')) {
                    i++;
                    skipped++;
                }
            }
        }
        return out.toString();
    }
}
