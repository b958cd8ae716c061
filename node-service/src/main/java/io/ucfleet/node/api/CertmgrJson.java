package io.ucfleet.node.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Reads certmgr request bodies liberally, as scripts written for real nodes send them
 * (certmgr-api.md, "Be liberal"): unknown members are ignored, numbers may be strings or
 * numbers, a list may be a single string, PEM may use CRLF and lack its final newline, and the
 * content type is not checked. Wrong types of known members are still a 400 naming the field.
 */
final class CertmgrJson {
    private static final ObjectMapper LENIENT = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CertmgrJson() {
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is empty; send a JSON object.");
        }
        try {
            JsonNode node = LENIENT.readTree(body);
            if (node == null || !node.isObject()) {
                throw new DomainProblem(ProblemType.INVALID_REQUEST, "The request body must be a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").");
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw invalid(field, "must be a string");
    }

    static String required(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
        return value.strip();
    }

    static Integer integer(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(field, "must be a whole number, not \"" + value + "\"");
        }
    }

    /** An array of strings, or one string standing for a one-element array. */
    static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        if (!value.isArray()) {
            throw invalid(field, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid(field, "must be an array of strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** PEM strings joined as one upload: CRLF and missing final newlines are normalised. */
    static byte[] pemUpload(List<String> certificates, String field) {
        if (certificates.isEmpty()) {
            throw invalid(field, "must hold at least one PEM certificate");
        }
        StringBuilder out = new StringBuilder();
        for (String pem : certificates) {
            out.append(pem.replace("\r\n", "\n").replace('\r', '\n').strip()).append('\n');
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static DomainProblem invalid(String field, String message) {
        return new DomainProblem(ProblemType.INVALID_REQUEST, "Field \"" + field + "\" " + message + ".",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
