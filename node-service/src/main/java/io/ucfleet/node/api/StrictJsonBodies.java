package io.ucfleet.node.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The native API's JSON bodies before Jackson reads them (RFC 8259 §8.1: JSON exchanged between
 * systems is UTF-8, without a byte order mark): an empty body, a {@code null} one, a BOM or a
 * UTF-16/UTF-32 body is a 400 saying so, never read as {@code {}}. Bodies read as text or bytes
 * (the certmgr façade, uploads) are not JSON here and pass untouched.
 */
@Provider
public class StrictJsonBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() == String.class || context.getType() == byte[].class || context.getMediaType() == null
                || !context.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)
                        && !context.getMediaType().getSubtype().endsWith("+json")) {
            return context.proceed();
        }
        PushbackInputStream in = new PushbackInputStream(context.getInputStream(), 4);
        byte[] head = new byte[4];
        int n = readUpTo(in, head);
        check(head, n);
        in.unread(head, 0, n);
        context.setInputStream(in);
        Object value = context.proceed();
        if (value == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is JSON null; send a JSON "
                    + (java.util.Collection.class.isAssignableFrom(context.getType()) ? "array" : "object") + ".");
        }
        return value;
    }

    /** The first bytes of a body: refused when they are none, a byte order mark, or UTF-16/32. */
    static void check(byte[] head, int n) {
        int i = 0;
        while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        if (n == 0 || i == n && n < head.length) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is empty; send a JSON value"
                    + " ({} where every field is optional).");
        }
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF
                || n >= 2 && ((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF
                        || (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE)) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The request body starts with a byte order mark;"
                    + " send UTF-8 JSON without one (RFC 8259 section 8.1).");
        }
        for (int b = 0; b < n; b++) {
            if (head[b] == 0) {
                throw new DomainProblem(ProblemType.INVALID_REQUEST, "The request body is not UTF-8 (it looks like"
                        + " UTF-16 or UTF-32); send UTF-8 JSON (RFC 8259 section 8.1).");
            }
        }
    }

    private static int readUpTo(InputStream in, byte[] buffer) throws IOException {
        int n = 0;
        while (n < buffer.length) {
            int r = in.read(buffer, n, buffer.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }
}
