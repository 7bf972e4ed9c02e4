package dev.valence.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;

/**
 * A short text of a node's value for the side panel: JSON when Jackson can write it (records,
 * lists, maps, arrays), its {@code toString()} otherwise, cut at {@value #LIMIT} characters. The
 * writer stops at the limit, so a huge array is never written out in full just to be cut.
 */
final class ValuePreview {
    static final int LIMIT = 4000;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ValuePreview() {}

    /**
     * The preview of a value.
     *
     * @param text the preview
     * @param truncated whether it was cut
     */
    record Preview(String text, boolean truncated) {}

    static Preview of(Object value) {
        if (value == null) {
            return new Preview("null", false);
        }
        Bounded out = new Bounded();
        try {
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, value);
            return new Preview(out.text(), false);
        } catch (Full full) {
            return new Preview(out.text(), true);
        } catch (IOException | RuntimeException e) {
            // Jackson cannot write every object (cycles, getters that throw): show what Java says of it.
            String text = String.valueOf(value);
            return text.length() > LIMIT ? new Preview(text.substring(0, LIMIT), true) : new Preview(text, false);
        }
    }

    /** Signals that the preview is full; thrown through Jackson to stop it writing. */
    private static final class Full extends IOException {
        private static final long serialVersionUID = 1L;

        Full() {
            super("preview full", null);
        }
    }

    /** Keeps the first {@value #LIMIT} characters and refuses more. */
    private static final class Bounded extends Writer {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            int room = LIMIT - text.length();
            text.append(chars, offset, Math.min(room, length));
            if (length > room) {
                throw new Full();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        String text() {
            return text.toString();
        }
    }
}
