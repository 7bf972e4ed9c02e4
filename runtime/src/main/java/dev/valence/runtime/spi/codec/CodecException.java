package dev.valence.runtime.spi.codec;

/** A value could not be encoded or decoded. The message names the type and the fix. */
public final class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, for which type, and what to do
     * @param cause the underlying error
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
