package dev.valence.processor.model;

import java.util.List;

/**
 * A lattice body rewritten as a graph builder: the body's statements, copied, with electron calls
 * turned into nodes and locals holding electron outputs turned into handles.
 *
 * @param code the statements, printed in the builder method that returns the result's handle
 * @param valueParameters the lattice parameters the body uses as Java values (loop bounds, helper
 *     arguments ...), in declaration order
 * @param handleParameters the lattice parameters the body passes to the graph as they are, in
 *     declaration order; the builder receives their input handles
 * @param names every name the body declares, which generated names must avoid
 * @param warnings warnings to suppress, sorted, on the builder method: the lattice's own {@code
 *     SuppressWarnings}, and those the rewriting causes ({@code unchecked} casts of collection
 *     parts, {@code deprecation} of members javac does not warn about inside their own class)
 */
public record LatticeBody(
        Code code,
        List<String> valueParameters,
        List<String> handleParameters,
        List<String> names,
        List<String> warnings) {

    /** Copies the collections. */
    public LatticeBody {
        valueParameters = List.copyOf(valueParameters);
        handleParameters = List.copyOf(handleParameters);
        names = List.copyOf(names);
        warnings = warnings.stream().sorted().distinct().toList();
    }
}
