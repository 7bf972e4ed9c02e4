package dev.valence.runtime.internal.fingerprint;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.valence.runtime.spi.fingerprint.UnsupportedValueException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a declared type before anything runs, so that an electron whose parameter can never be
 * fingerprinted fails when the workflow is built, not hours later. Rejects only what certainly
 * fails at run time: a concrete class that is no supported type, no record, no container of
 * checkable elements, has no adapter and no Jackson-readable property. {@code Object}, interfaces
 * and abstract classes pass: their values are checked when they arrive.
 */
final class DeclaredTypeCheck {
    private final AdapterLookup adapters;
    private final BeanProperties beans;
    private final TypeFactory types = TypeFactory.defaultInstance();

    DeclaredTypeCheck(AdapterLookup adapters, BeanProperties beans) {
        this.adapters = adapters;
        this.beans = beans;
    }

    void require(JavaType type, String where) {
        UnsupportedValueException problem = check(type, new HashSet<>());
        if (problem != null) {
            throw UnsupportedValueException.at(where, problem);
        }
    }

    /** @return why values of this type cannot be fingerprinted, or null when they may be */
    private UnsupportedValueException check(JavaType type, Set<Class<?>> recordsSeen) {
        Class<?> raw = type.getRawClass();
        if (raw == Object.class || raw.isPrimitive()) {
            return null;
        }
        if (Optional.class == raw) {
            return checkParameters(type.findTypeParameters(Optional.class), recordsSeen);
        }
        if (BuiltinTypes.isScalar(raw) || adapters.mayApplyTo(raw)) {
            return null;
        }
        if (type.isArrayType()) {
            return check(type.getContentType(), recordsSeen);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return checkParameters(type.findTypeParameters(Collection.class), recordsSeen);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return checkParameters(type.findTypeParameters(Map.class), recordsSeen);
        }
        if (raw.isRecord()) {
            // A record type may contain itself (a tree); each is checked once.
            if (!recordsSeen.add(raw)) {
                return null;
            }
            for (RecordComponent component : raw.getRecordComponents()) {
                UnsupportedValueException problem =
                        check(types.resolveMemberType(component.getGenericType(), type.getBindings()), recordsSeen);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || JsonNode.class.isAssignableFrom(raw)) {
            return null;
        }
        BeanProperties.Bean bean = beans.of(raw);
        if (bean.isBean() || (java.io.Serializable.class.isAssignableFrom(raw) && !BuiltinTypes.isPlatform(raw))) {
            // Serializable values without readable properties are fingerprinted by their serialized form.
            return null;
        }
        return new UnsupportedValueException(
                raw, "it is none of " + UnsupportedValueException.SUPPORTED + ", and " + bean.notABean(), bean.cause());
    }

    private UnsupportedValueException checkParameters(JavaType[] parameters, Set<Class<?>> recordsSeen) {
        for (JavaType parameter : List.of(parameters)) {
            UnsupportedValueException problem = check(parameter, recordsSeen);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
