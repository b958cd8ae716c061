package io.ucfleet.platform.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RFC 9457 problem body every ucfleet service answers with ({@code application/problem+json}):
 * one shape, so a client reads a cluster-sync or ctl-service refusal like a node's.
 */
public final class ProblemBody {
    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemBody() {
    }

    public static Map<String, Object> of(int status, String slug, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:ucfleet:problem:" + slug);
        body.put("title", slug.replace('-', ' '));
        body.put("status", status);
        body.put("detail", detail);
        return body;
    }
}
