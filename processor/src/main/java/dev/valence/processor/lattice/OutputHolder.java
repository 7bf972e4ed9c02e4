package dev.valence.processor.lattice;

import javax.lang.model.type.TypeMirror;

/**
 * A local of a lattice body that holds electron outputs: while the graph is built it holds handles,
 * so its declaration is rewritten and its uses are restricted.
 *
 * @param origin what produced the first output it holds, for messages ("electron 'render'")
 * @param type the type of one output: the local's type, or a list's element type
 */
public record OutputHolder(String origin, TypeMirror type) {}
