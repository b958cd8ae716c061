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
    private static final ObjectMapper LENIENT = lenient();

    private CertmgrJson() {
    }

    /**
     * The same liberal reading as scripts need, bounded: a key given twice is refused (which one
     * would a script mean?), and so is nesting beyond what any certmgr body has.
     */
    static ObjectMapper lenient() {
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory().setStreamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxNestingDepth(JsonStrictness.MAX_NESTING).build());
        return mapper;
    }

    /**
     * A certmgr request body: UTF-8 JSON, with or without a byte order mark (Windows PowerShell
     * writes one), at most {@code limit} bytes (413 above it, as every upload of the node).
     */
    static JsonNode parse(byte[] body, int limit) {
        if (body != null && body.length > limit) {
            throw new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "The request body is " + body.length
                    + " bytes; the limit is " + limit + " bytes.", Map.of("limit", limit));
        }
        if (body == null || body.length == 0) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is empty; send a JSON object.");
        }
        int start = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF
                ? 3 : 0;
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body, start, body.length - start)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is not UTF-8 text; send UTF-8 JSON.");
        }
        return parse(text);
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
            throw JsonRefusal.of(e);
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
            throw invalid(field, "must be a whole number, not " + io.ucfleet.platform.problem.ProblemBody.quote(value));
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
        return JsonRefusal.field(field, message);
    }
}
