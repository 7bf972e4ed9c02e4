package dev.valence.runtime.internal.fingerprint;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a class as a bean: the properties Jackson would serialize (public getters and fields,
 * {@code @JsonProperty}, minus {@code @JsonIgnore}), so a value is fingerprinted by the same
 * content the JSON codec stores. The list is taken from the bean serializer Jackson builds for the
 * class, so it is exactly Jackson's view, and cached per class.
 *
 * <p>A class is a bean only when Jackson would write it with a bean serializer and at least one
 * property, every non-static, non-transient field of it is held by a property (else the key and
 * the stored form would miss that state: two values with different private state would share a
 * result), and it is not a JDK class (their getters expose state, not content). Anything else
 * (a class Jackson writes with {@code toString()} or a custom serializer, a class with no readable
 * property) is not, and the caller reports it as unsupported.
 */
final class BeanProperties {
    /** One readable property. */
    record Property(String name, BeanPropertyWriter writer) {}

    /** The properties of a class, sorted by name, or why it is not a bean. */
    record Bean(List<Property> properties, String notABean, Throwable cause) {
        boolean isBean() {
            return notABean == null;
        }
    }

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .build();

    private final ClassValue<Bean> cache = new ClassValue<>() {
        @Override
        protected Bean computeValue(Class<?> type) {
            return introspect(type);
        }
    };

    Bean of(Class<?> type) {
        return cache.get(type);
    }

    private Bean introspect(Class<?> type) {
        if (BuiltinTypes.isPlatform(type)) {
            return new Bean(List.of(), "it is a JDK class that Valence does not read", null);
        }
        JsonSerializer<Object> serializer;
        try {
            serializer = mapper.getSerializerProviderInstance().findValueSerializer(type);
        } catch (JsonMappingException | RuntimeException e) {
            return new Bean(List.of(), "Jackson cannot read it as a bean (" + e.getMessage() + ")", e);
        }
        if (!(serializer instanceof BeanSerializerBase beanSerializer)) {
            return new Bean(List.of(), "it has no Jackson-readable properties", null);
        }
        List<Property> properties = new ArrayList<>();
        for (Iterator<PropertyWriter> it = beanSerializer.properties(); it.hasNext(); ) {
            if (it.next() instanceof BeanPropertyWriter writer) {
                properties.add(new Property(writer.getName(), writer));
            }
        }
        if (properties.isEmpty()) {
            return new Bean(List.of(), "it has no Jackson-readable properties", null);
        }
        Field hidden = fieldNoPropertyHolds(type, properties);
        if (hidden != null) {
            return new Bean(
                    List.of(),
                    "its field '" + hidden.getName() + "'"
                            + (hidden.getDeclaringClass() == type
                                    ? ""
                                    : " (declared in "
                                            + hidden.getDeclaringClass().getName() + ")")
                            + " is state that no Jackson property holds (no getter, or ignored), so neither its"
                            + " fingerprint nor its stored JSON would hold it and two different values would share"
                            + " one result; give the field a getter, mark it transient if it is not content,"
                            + " implement java.io.Serializable (it is then keyed and stored whole), or teach Valence"
                            + " the type (a FingerprintAdapter for its key and a ValueCodec, with"
                            + " Valence.builder().codec(...), to store it)",
                    null);
        }
        // Sorted by name: declaration order and @JsonPropertyOrder must not change the key.
        properties.sort(Comparator.comparing(Property::name));
        return new Bean(List.copyOf(properties), null, null);
    }

    /**
     * The first non-static, non-transient field of the class or its non-JDK superclasses that no
     * written property stands for, or null. A property stands for a field of its internal name
     * (a getter {@code getY()} for {@code y}, even renamed by {@code @JsonProperty}) or the field it
     * reads. Synthetic fields (an inner class's outer instance) are the compiler's, not state.
     */
    private Field fieldNoPropertyHolds(Class<?> type, List<Property> properties) {
        Set<String> written = new HashSet<>();
        for (Property property : properties) {
            written.add(property.name());
        }
        Set<String> covered = new HashSet<>();
        BeanDescription description = mapper.getSerializationConfig().introspect(mapper.constructType(type));
        for (BeanPropertyDefinition definition : description.findProperties()) {
            if (written.contains(definition.getName())) {
                covered.add(definition.getInternalName());
                if (definition.hasField()) {
                    covered.add(definition.getField().getName());
                }
            }
        }
        for (Class<?> c = type; c != null && !BuiltinTypes.isPlatform(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers)
                        && !Modifier.isTransient(modifiers)
                        && !field.isSynthetic()
                        && !covered.contains(field.getName())) {
                    return field;
                }
            }
        }
        return null;
    }
}
