/**
 * Valence's runtime: dispatch workflows built by generated graph builders, reuse stored results,
 * and read every dispatch back from a new process.
 *
 * <p>Exported: the user API ({@code dev.valence.runtime}), what generated code calls ({@code
 * graph}), what plug-ins implement ({@code spi.store}, {@code spi.codec}, {@code spi.fingerprint}, {@code
 * spi.execution})
 * and commands as electrons ({@code command}). Everything under {@code internal} is the engine and
 * is not exported. See docs/architecture.md.
 */
// jHDF has no module descriptor, only an Automatic-Module-Name; requiring it by that name is intended.
@SuppressWarnings("requires-automatic")
module dev.valence.runtime {
    requires transitive dev.valence.annotations;
    // ValueType exposes Jackson's JavaType to codec authors.
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires io.jhdf;
    requires org.slf4j;

    exports dev.valence.runtime;
    exports dev.valence.runtime.graph;
    exports dev.valence.runtime.spi.store;
    exports dev.valence.runtime.spi.execution;
    exports dev.valence.runtime.spi.codec;
    exports dev.valence.runtime.spi.fingerprint;
    exports dev.valence.runtime.command;

    // Stores.open finds store modules (PostgreSQL) by the locations they accept.
    uses dev.valence.runtime.spi.store.StoreProvider;

    // The JSON codec writes and reads CommandResult through its Jackson annotations.
    opens dev.valence.runtime.command to
            com.fasterxml.jackson.databind;
}
