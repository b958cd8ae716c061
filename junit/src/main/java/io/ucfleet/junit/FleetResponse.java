package io.ucfleet.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One answer of a fleet process: status, headers, body, and over HTTPS the certificates the
 * server presented (leaf first).
 */
public record FleetResponse(String method, String uri, int status, HttpHeaders headers, byte[] body,
        List<X509Certificate> tlsCertificates) {
    static final ObjectMapper JSON = new ObjectMapper();

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; an {@link UncheckedIOException} with the body if it is not. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(this + ": the body is not JSON: " + text(), e);
        }
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public Optional<String> contentType() {
        return header("Content-Type");
    }

    /** This response if its status is one of {@code expected}; else an {@link AssertionError} with the body. */
    public FleetResponse expect(int... expected) {
        if (Arrays.stream(expected).noneMatch(s -> s == status)) {
            throw new AssertionError(method + " " + uri + ": expected status " + Arrays.toString(expected) + ", got " + status
                    + ": " + text());
        }
        return this;
    }

    @Override
    public String toString() {
        return method + " " + uri + " -> " + status;
    }
}
