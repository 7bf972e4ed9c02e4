package dev.valence.runtime.spi.execution;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One electron call for a worker: the electron by id and catalog, the code fingerprint the
 * coordinator computed (a worker whose code differs refuses), and the arguments by fingerprint.
 * The values are in the shared store; the types are those the coordinator's graph declares, so
 * the worker decodes them exactly as a local run would.
 *
 * @param taskId unique within the coordinator: the dispatch id and the node index
 * @param dispatchId the dispatch
 * @param nodeIndex the node in the dispatch's graph
 * @param nodeName the node's name, for messages
 * @param electronId the electron's id ({@code <class>#<method>} for generated ones)
 * @param catalog the binary name of the generated catalog that lists the electron, or empty for
 *     electrons built by hand (the worker must then have been given the electron)
 * @param codeFingerprint the electron's code fingerprint as the coordinator computed it
 * @param argumentFingerprints the fingerprints of the arguments' values, one per parameter in order
 * @param argumentTypes the declared types of the arguments, one per parameter in order
 * @param resultType the node's declared result type, which the value is encoded as
 * @param replaces the fingerprint of a stored value the coordinator cannot read and that the fresh
 *     value must overwrite, or null
 * @param inlined small arguments the coordinator holds (constants, inputs: a fan-out's index), by
 *     argument position, encoded as the store would hold them: the worker decodes these instead of
 *     reading them from the store, one query less per task. The others are read by fingerprint.
 * @serial exclude (a transport record between processes of one version, not a stored form)
 */
public record RemoteTask(
        String taskId,
        String dispatchId,
        int nodeIndex,
        String nodeName,
        String electronId,
        String catalog,
        String codeFingerprint,
        List<String> argumentFingerprints,
        List<String> argumentTypes,
        String resultType,
        String replaces,
        Map<Integer, Inline> inlined)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Checks the fields and copies the lists; see the record's description.
     *
     * @param taskId the taskId
     * @param dispatchId the dispatchId
     * @param nodeIndex the nodeIndex
     * @param nodeName the nodeName
     * @param electronId the electronId
     * @param catalog the catalog
     * @param codeFingerprint the codeFingerprint
     * @param argumentFingerprints the argumentFingerprints
     * @param argumentTypes the argumentTypes
     * @param resultType the resultType
     * @param replaces the replaces
     * @param inlined the inlined
     */
    public RemoteTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(dispatchId, "dispatchId");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(electronId, "electronId");
        catalog = catalog == null ? "" : catalog;
        codeFingerprint = codeFingerprint == null ? "" : codeFingerprint;
        argumentFingerprints = List.copyOf(argumentFingerprints);
        argumentTypes = List.copyOf(argumentTypes);
        Objects.requireNonNull(resultType, "resultType");
        if (argumentFingerprints.size() != argumentTypes.size()) {
            throw new IllegalArgumentException("a task needs one type per argument, got " + argumentFingerprints.size()
                    + " fingerprints and " + argumentTypes.size() + " types");
        }
        inlined = inlined == null ? Map.of() : Map.copyOf(inlined);
        for (Integer position : inlined.keySet()) {
            if (position < 0 || position >= argumentFingerprints.size()) {
                throw new IllegalArgumentException("an inlined argument at position " + position + " of a task with "
                        + argumentFingerprints.size() + " arguments");
            }
        }
    }

    /**
     * A task whose arguments are all read from the store.
     *
     * @param taskId the taskId
     * @param dispatchId the dispatchId
     * @param nodeIndex the nodeIndex
     * @param nodeName the nodeName
     * @param electronId the electronId
     * @param catalog the catalog
     * @param codeFingerprint the codeFingerprint
     * @param argumentFingerprints the argumentFingerprints
     * @param argumentTypes the argumentTypes
     * @param resultType the resultType
     * @param replaces the replaces
     */
    public RemoteTask(
            String taskId,
            String dispatchId,
            int nodeIndex,
            String nodeName,
            String electronId,
            String catalog,
            String codeFingerprint,
            List<String> argumentFingerprints,
            List<String> argumentTypes,
            String resultType,
            String replaces) {
        this(
                taskId,
                dispatchId,
                nodeIndex,
                nodeName,
                electronId,
                catalog,
                codeFingerprint,
                argumentFingerprints,
                argumentTypes,
                resultType,
                replaces,
                Map.of());
    }

    /**
     * An argument's value carried in the task, as a store holds it (never with blobs).
     *
     * @param codec the codec's name
     * @param type the value's recorded type
     * @param data the encoded bytes
     * @serial exclude
     */
    public record Inline(String codec, String type, byte[] data) implements Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * Checks the fields.
         *
         * @param codec the codec
         * @param type the type
         * @param data the data
         */
        public Inline {
            Objects.requireNonNull(codec, "codec");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(data, "data");
        }
    }
}
