package dev.valence.processor.fingerprint;

/**
 * Writes a literal's or a constant's value in a form that names its type and holds nothing but
 * the value: strings with their length (so no quoting or escaping is involved, which javac's tree
 * printing did differently from one JDK to the next), floating-point numbers by their bits (the
 * decimal form {@code Double.toString} gives changed in JDK 19).
 */
final class Literals {
    private Literals() {}

    /**
     * @param value a literal's value ({@code null} for the null literal) or a constant's value
     * @return its canonical form
     */
    static String canonical(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String text) {
            return "string" + text.length() + ':' + text;
        } else if (value instanceof Character character) {
            return "char" + (int) character;
        } else if (value instanceof Float number) {
            return "float" + Integer.toHexString(Float.floatToIntBits(number));
        } else if (value instanceof Double number) {
            return "double" + Long.toHexString(Double.doubleToLongBits(number));
        } else {
            // Integer, Long, Short, Byte, Boolean: their decimal form is exact and never changed.
            return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + value;
        }
    }
}
