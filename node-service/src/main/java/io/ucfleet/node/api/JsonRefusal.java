package io.ucfleet.node.api;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Jackson's refusal of a body as our 400: where the JSON breaks, which field is unknown, given
 * twice or of the wrong type, or which JSON limit the body exceeds. Sentences of ours; the field
 * names a client sent are quoted and shortened ({@link ProblemBody#quote}); the parser's own
 * message, which names Java classes and may repeat a megabyte of input, is never returned.
 */
final class JsonRefusal {
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

    private JsonRefusal() {
    }

    static DomainProblem of(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException limit) {
            return new DomainProblem(ProblemType.INVALID_REQUEST, "The request body exceeds a JSON limit: "
                    + limit(limit.getOriginalMessage()) + ".");
        }
        String original = String.valueOf(e.getOriginalMessage());
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) {
            String field = duplicate.group(1);
            return field(field, "is given more than once");
        }
        if (original.startsWith("Trailing token")) {
            return new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is not valid JSON: something"
                    + " follows the JSON value.");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getPath().isEmpty()) {
            if (original.startsWith("No content to map")) {
                return new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is empty; send a JSON value.");
            }
            if (mismatch.getTargetType() != null) {
                boolean array = java.util.Collection.class.isAssignableFrom(mismatch.getTargetType())
                        || mismatch.getTargetType().isArray();
                return new DomainProblem(ProblemType.INVALID_REQUEST, "The request body must be a JSON "
                        + (array ? "array" : "object") + ".");
            }
        }
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            JsonLocation where = e.getLocation();
            return new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is not valid JSON"
                    + (where == null || where.getLineNr() < 1 ? "" : " (line " + where.getLineNr() + ", column "
                            + where.getColumnNr() + ")") + ".");
        }
        String field = mapping.getPath().stream()
                .map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                .reduce((a, b) -> a + "." + b).orElse("");
        if (e instanceof UnrecognizedPropertyException unknown) {
            return field(field, "is not a field of this request; known fields: " + unknown.getKnownPropertyIds());
        }
        return field(field, expected(e instanceof MismatchedInputException m ? m.getTargetType() : null));
    }

    static DomainProblem field(String field, String message) {
        String shown = field.length() > ProblemBody.MAX_QUOTED ? ProblemBody.quote(field) : "\"" + field + "\"";
        if (!field.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '"' && c != '\\')) {
            shown = ProblemBody.quote(field);
        }
        String name = field.length() > ProblemBody.MAX_QUOTED ? field.substring(0, ProblemBody.MAX_QUOTED) + "..." : field;
        return new DomainProblem(ProblemType.INVALID_REQUEST, "Field " + shown + " " + message + ".",
                Map.of("errors", List.of(Map.of("field", name, "message", message))));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has a value of the wrong type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "must be a whole number (a JSON number, not a string)";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "must be a number (a JSON number, not a string)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "has a value of the wrong type";
    }

    private static String limit(String message) {
        String m = String.valueOf(message);
        if (m.contains("nesting depth")) {
            return "it nests deeper than " + JsonStrictness.MAX_NESTING + " levels";
        }
        if (m.contains("Name length")) {
            return "a field name is too long";
        }
        if (m.contains("Number value length") || m.contains("Number length")) {
            return "a number has too many digits";
        }
        if (m.contains("String value length") || m.contains("String length")) {
            return "a string is too long";
        }
        return "it is too large";
    }
}
