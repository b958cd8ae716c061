package io.ucfleet.platform.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one renderer of the RFC 9457 problem body every ucfleet service answers with
 * ({@code application/problem+json}): always {@code type}, {@code title}, {@code status},
 * {@code detail} and {@code instance}, plus the problem's extension members. An internal error
 * has neither extensions nor a detail of its own: it only says which instance the log has it
 * under. Every other detail, 5xx included (a peer or the database unavailable), is a sentence
 * the services write, never an exception's message.
 */
public final class ProblemBody {
    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemBody() {
    }

    /** A fresh problem instance URI, also written to the log for 5xx. */
    public static String newInstance() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    public static Map<String, Object> of(DomainProblem problem) {
        return of(problem.type(), problem.detail(), problem.extensions(), newInstance());
    }

    public static Map<String, Object> of(ProblemType type, String detail) {
        return of(type, detail, Map.of(), newInstance());
    }

    public static Map<String, Object> of(ProblemType type, String detail, Map<String, Object> extensions, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri());
        body.put("title", type.title);
        body.put("status", type.status);
        body.put("detail", type == ProblemType.INTERNAL ? "An internal error occurred; it was logged as " + instance + "."
                : detail);
        body.put("instance", instance);
        if (type != ProblemType.INTERNAL) {
            extensions.forEach(body::putIfAbsent);
        }
        return body;
    }

    /** The longest piece of a client's own input a detail quotes; longer input is cut with "...". */
    public static final int MAX_QUOTED = 80;

    /**
     * A client's input as a detail quotes it: in double quotes, control characters as {@code \\uXXXX},
     * at most {@link #MAX_QUOTED} characters. A refusal names what was sent without echoing a
     * megabyte back (or a NUL, or a line break into a log).
     */
    public static String quote(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int end = Math.min(input.length(), MAX_QUOTED);
        for (int i = 0; i < end; i++) {
            char c = input.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '"' || c == '\\' || Character.isSurrogate(c) || (c >= 0x80 && c < 0xA0)) {
                out.append(c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (input.length() > MAX_QUOTED) {
            out.append("... (").append(input.length()).append(" characters)");
        }
        return out.toString();
    }

    /** An injected fault's answer: the catalog's shape, with the status the fault chose. */
    public static Map<String, Object> injectedFault(int status, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = of(ProblemType.INJECTED_FAULT, detail, extensions, newInstance());
        body.put("status", status);
        return body;
    }

    /**
     * The problem for a status the HTTP layer raised rather than domain code (no such path, method,
     * media type or representation), with the one sentence every service answers it with.
     */
    public static DomainProblem httpLayer(int status) {
        ProblemType type = ProblemType.forStatus(status);
        return new DomainProblem(type, switch (type) {
            case NOT_FOUND -> "No resource at this path; see /q/openapi for the API.";
            case METHOD_NOT_ALLOWED -> "This method is not allowed on this path.";
            case UNSUPPORTED_MEDIA_TYPE -> "This content type is not accepted here.";
            case NOT_ACCEPTABLE -> "No representation matches the Accept header.";
            case PAYLOAD_TOO_LARGE -> "The request body is too large.";
            case UNAUTHORIZED -> "Send HTTP Basic credentials.";
            case FORBIDDEN -> "This account may not do this.";
            default -> "The request could not be read (HTTP " + status + ").";
        });
    }
}
