package io.ucfleet.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.annotations.SerializedName;

/**
 * Validates an object against the Kubernetes API, using the models the Kubernetes project
 * generates from its OpenAPI document (io.kubernetes:client-java-api): {@code fromJson}
 * rejects a field the API does not have, a missing required field and a value of the wrong
 * JSON type, at any depth. The model is chosen from apiVersion and kind as the client does
 * (apps/v1 StatefulSet → V1StatefulSet), so an unknown kind fails too. Gson quietly turns a
 * number into a string, which the API server does not (`value: 8080` in an env entry is
 * refused there), so the JSON types of scalars are checked against the models' field types as
 * well.
 */
final class ApiSchema {
    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    private ApiSchema() {
    }

    static void validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        String name = object.path("metadata").path("name").asText("<no name>");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw new AssertionError("object " + name + " has no apiVersion or kind");
        }
        String version = apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
        String model = MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind;
        Class<?> type;
        try {
            type = Class.forName(model);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(kind + " " + name + ": the Kubernetes API has no kind " + kind + " in "
                    + apiVersion);
        }
        try {
            Method fromJson = type.getMethod("fromJson", String.class);
            fromJson.invoke(null, object.toString());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
            if (cause.getCause() != null && cause.getCause().getMessage() != null) {
                message += " (" + cause.getCause().getMessage() + ")";
            }
            throw new AssertionError(kind + " " + name + " is not a valid " + apiVersion + " " + kind + ": " + message);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + model + ".fromJson", e);
        }
        String typeProblem = scalarTypes(object, type, "");
        if (typeProblem != null) {
            throw new AssertionError(kind + " " + name + " is not a valid " + apiVersion + " " + kind + ": " + typeProblem);
        }
    }

    /** The first scalar whose JSON type differs from the model's field type, or null. */
    private static String scalarTypes(JsonNode json, Type type, String path) {
        if (json == null || json.isNull()) {
            return null;
        }
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class || raw == OffsetDateTime.class) {
            return json.isTextual() ? null : path + " must be a string, not " + json.getNodeType().name().toLowerCase();
        }
        if (raw == Integer.class || raw == Long.class) {
            return json.isIntegralNumber() ? null : path + " must be an integer, not " + json.getNodeType().name().toLowerCase();
        }
        if (raw == Boolean.class) {
            return json.isBoolean() ? null : path + " must be true or false, not " + json.getNodeType().name().toLowerCase();
        }
        if (List.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            int i = 0;
            for (JsonNode item : json) {
                String problem = scalarTypes(item, p.getActualTypeArguments()[0], path + "[" + i++ + "]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            Iterator<Map.Entry<String, JsonNode>> entries = json.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> e = entries.next();
                String problem = scalarTypes(e.getValue(), p.getActualTypeArguments()[1], path + "." + e.getKey());
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (!raw.getName().startsWith(MODELS)) {
            return null; // IntOrString, Quantity, byte[], Object: their own adapters decide
        }
        for (Field field : raw.getDeclaredFields()) {
            SerializedName serialized = field.getAnnotation(SerializedName.class);
            if (serialized == null || Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String problem = scalarTypes(json.get(serialized.value()), field.getGenericType(),
                    path.isEmpty() ? serialized.value() : path + "." + serialized.value());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
