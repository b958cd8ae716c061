package io.ucfleet.node.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import io.ucfleet.node.testing.FuzzCorpus;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.replication.Change;

/**
 * Both JSON readers given anything. The native one (the node's ObjectMapper as
 * {@link JsonStrictness} makes it, behind {@link StrictJsonBodies}): a request value, or a
 * refusal {@link JsonRefusal} turns into a 400 problem naming the field; the certmgr one
 * ({@link CertmgrJson}): a request object its accessors read, or a {@link DomainProblem}. Never
 * another exception (a 500), never a detail with a parser's class name or a megabyte of input.
 * Inputs: random bytes, JSON-like text built from the requests' own fields, the corpus {@code fuzz/json}.
 */
class JsonFuzzTest {
    static final ObjectMapper STRICT = JsonStrictness.apply(new ObjectMapper());

    static void assertRefusal(DomainProblem problem) {
        assertTrue(problem.type().status >= 400 && problem.type().status < 500, problem.type().toString());
        assertFalse(problem.detail().isBlank());
        assertFalse(problem.detail().contains("com.fasterxml") || problem.detail().contains("Exception"), problem.detail());
        assertTrue(problem.detail().length() < 1_000, "a detail of " + problem.detail().length() + " characters");
    }

    /** The native path: the body check, then Jackson into the request types; a refusal must map to a problem. */
    static void readNative(byte[] body) {
        long start = System.nanoTime();
        for (var type : List.of(TypeFactory.defaultInstance().constructType(Representations.RegenerateRequest.class),
                TypeFactory.defaultInstance().constructCollectionType(List.class, Change.class))) {
            try {
                byte[] head = java.util.Arrays.copyOf(body, Math.min(4, body.length));
                StrictJsonBodies.check(head, head.length);
                Object value = STRICT.readValue(body, type);
                if (value == null) {
                    continue; // StrictJsonBodies refuses a JSON null after reading
                }
            } catch (DomainProblem refused) {
                assertRefusal(refused);
            } catch (JsonProcessingException refused) {
                assertRefusal(JsonRefusal.of(refused));
            } catch (java.io.IOException | RuntimeException e) {
                fail("the native reader threw " + e, e);
            }
        }
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "bounded time");
    }

    /** The certmgr path: parse, then every accessor a certmgr resource uses. */
    static void readCertmgr(byte[] body) {
        long start = System.nanoTime();
        try {
            JsonNode json = CertmgrJson.parse(body, 1024 * 1024);
            CertmgrJson.text(json, "service");
            CertmgrJson.text(json, "commonName");
            CertmgrJson.integer(json, "keyLength");
            CertmgrJson.strings(json, "altNames");
            CertmgrJson.pemUpload(CertmgrJson.strings(json, "certificates"), "certificates");
            CertmgrJson.required(json, "service");
        } catch (DomainProblem refused) {
            assertRefusal(refused);
        } catch (RuntimeException e) {
            fail("the certmgr reader threw " + e, e);
        }
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "bounded time");
    }

    @Example
    void theCorpusIsRefusedByNameByTheNativeReaderAndReadBoundedByCertmgr() throws Exception {
        FuzzCorpus.json().forEach((name, body) -> {
            readNative(body);
            readCertmgr(body);
        });
        // The probe's junk bodies are refusals, never the defaults of {}.
        for (String junk : List.of("{\"keySize\":\"2048\"}", "{\"keySize\":\"\"}", "{\"keySize\":\"\\u0000\"}",
                "{\"keySize\":2048,\"keySize\":3072}", "{\"keySize\":true}", "{} {}")) {
            try {
                STRICT.readValue(junk, Representations.RegenerateRequest.class);
                fail("taken: " + junk);
            } catch (JsonProcessingException refused) {
                assertTrue(JsonRefusal.of(refused).type() == ProblemType.INVALID_REQUEST);
            }
        }
        assertTrue(STRICT.readValue("{\"keySize\":3072}", Representations.RegenerateRequest.class).keySize() == 3072);
    }

    @Property
    void anyBytesAreARequestOrARefusal(@ForAll @Size(max = 600) byte[] body) {
        readNative(body);
        readCertmgr(body);
    }

    @Property
    void anyJsonLikeTextIsARequestOrARefusal(@ForAll("jsonish") String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        readNative(body);
        readCertmgr(body);
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "null", "true", "false",
                "2048", "-1", "1e9", "2048.0", "99999999999999999999", "\"keySize\"", "\"service\"", "\"certificates\"",
                "\"keyLength\"", "\"altNames\"", "\"id\"", "\"sequence\"", "\"\\u0000\"", "\"\\ud800\"", "\uFEFF", " ", "\n",
                "\"tomcat\"", "\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\""),
                Arbitraries.strings().ofMaxLength(6));
        return token.list().ofMaxSize(40).map(tokens -> String.join("", tokens));
    }
}
