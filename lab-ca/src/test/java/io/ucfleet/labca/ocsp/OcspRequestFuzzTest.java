package io.ucfleet.labca.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import io.ucfleet.labca.authority.Authority;
import io.ucfleet.labca.authority.Hierarchy;
import io.ucfleet.labca.authority.Tier;
import io.ucfleet.labca.keys.KeyType;
import io.ucfleet.platform.testing.Fuzzing;
import io.ucfleet.platform.testing.TestPki;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The OCSP responder given any request from the network (POST body, or the GET path's base64):
 * a signed answer, or the {@code invalid-ocsp-request} refusal (a 400, or RFC 6960's
 * {@code malformedRequest} for a client that accepts only OCSP responses), never another
 * exception (a 500). Parsed, then answered as {@link OcspResponder#respond} does (the ledger's
 * lookup aside: good for a serial of a known issuer, unknown otherwise). Inputs: random bytes,
 * real requests (BouncyCastle's, signed and unsigned, and openssl's in the corpus) mutated, their
 * base64 mutated, and the corpus {@code fuzz/ocsp-request}.
 */
class OcspRequestFuzzTest {
    static final TestPki.Issued CA = TestPki.ca("Fuzz OCSP CA");
    static final Hierarchy HIERARCHY = hierarchy();
    static final List<byte[]> SEEDS = seeds();

    /** Tries of a mutation property, and how many of them got a signed answer: mutation must reach past the first byte. */
    static final AtomicInteger TRIES = new AtomicInteger();
    static final AtomicInteger ANSWERED = new AtomicInteger();

    static Hierarchy hierarchy() {
        Authority root = new Authority(1, "fuzz", Tier.ROOT, der(CA), new byte[0], KeyType.RSA, 2048);
        return new Hierarchy("fuzz", Instant.now(), Duration.ofDays(7), Duration.ZERO, root, Optional.empty());
    }

    static byte[] der(TestPki.Issued issued) {
        try {
            return issued.certificate().getEncoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** What clients send: one CertID with a nonce (SHA-1, as openssl), two without (SHA-256), one signed with a requestor name. */
    static List<byte[]> seeds() {
        try {
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
            X509CertificateHolder issuer = new JcaX509CertificateHolder(CA.certificate());
            CertificateID sha1 = new CertificateID(digests.get(CertificateID.HASH_SHA1), issuer, BigInteger.valueOf(4660));
            CertificateID sha256 = new CertificateID(digests.get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256)), issuer, new BigInteger("7fffffffffffffffffffff", 16));
            Extensions nonce = new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(new byte[16]).getEncoded())));
            byte[] withNonce = new OCSPReqBuilder().addRequest(sha1).setRequestExtensions(nonce).build().getEncoded();
            byte[] two = new OCSPReqBuilder().addRequest(sha256).addRequest(sha1).build().getEncoded();
            byte[] signed = new OCSPReqBuilder().addRequest(sha1).setRequestorName(new GeneralName(new X500Name("CN=requestor")))
                    .setRequestExtensions(nonce).build(signer(), new X509CertificateHolder[] { issuer }).getEncoded();
            List<byte[]> seeds = new java.util.ArrayList<>(List.of(withNonce, two, signed));
            seeds.addAll(Fuzzing.corpus("ocsp-request").entrySet().stream().filter(e -> e.getKey().startsWith("openssl"))
                    .map(java.util.Map.Entry::getValue).toList());
            return List.copyOf(seeds);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static ContentSigner signer() {
        try {
            return new JcaContentSignerBuilder("SHA256withRSA").build(CA.key().getPrivate());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static CertificateStatus status(Optional<Authority> issuer, BigInteger serial) {
        return issuer.isPresent() ? CertificateStatus.GOOD : new UnknownStatus();
    }

    /** Parse and answer as respond does; true for a signed answer, false for the refusal; anything else fails. */
    static boolean respond(byte[] request) {
        long start = System.nanoTime();
        try {
            byte[] answer = OcspResponder.answer(OcspResponder.parse(request), HIERARCHY, OcspRequestFuzzTest::status,
                    a -> signer(), Instant.now(), Duration.ofHours(1));
            OCSPResp response = new OCSPResp(answer);
            assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
            assertTrue(((BasicOCSPResp) response.getResponseObject()).getResponses().length > 0);
            return true;
        } catch (DomainProblem refused) {
            assertEquals(ProblemType.INVALID_OCSP_REQUEST, refused.type());
            assertFalse(refused.detail().isBlank());
            assertFalse(refused.detail().contains("Exception"), refused.detail());
            return false;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            if (request != null) {
                Fuzzing.keep("ocsp-request", request);
            }
            fail("a request of " + (request == null ? "no" : request.length) + " bytes threw " + e, e);
            return false;
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < Fuzzing.MAX_MILLIS, "the answer took " + millis + " ms");
        }
    }

    @BeforeProperty
    void resetCounters() {
        TRIES.set(0);
        ANSWERED.set(0);
    }

    @AfterProperty
    void mutationsReachedTheAnswer() {
        if (TRIES.get() >= 100) {
            assertTrue(ANSWERED.get() * 20 >= TRIES.get(), ANSWERED + " of " + TRIES + " mutated requests were answered");
        }
    }

    @Example
    void theSeedsAreAnsweredAndTheCorpusRefusedByName() {
        for (byte[] seed : SEEDS) {
            assertTrue(respond(seed));
            assertTrue(respond(OcspResponder.fromGetPath(Base64.getEncoder().encodeToString(seed))));
        }
        assertNotNull(OcspResponder.malformedRequest());
        Fuzzing.corpus("ocsp-request").forEach((name, bytes) -> {
            boolean answered = respond(bytes);
            assertEquals(name.startsWith("openssl"), answered, name);
        });
        assertFalse(respond(null));
        assertFalse(respond(new byte[0]));
        assertFalse(respond(OcspResponder.fromGetPath("not base64!")));
    }

    @Property
    void anyBytesAreAnsweredOrRefused(@ForAll @Size(max = 2048) byte[] body) {
        respond(body);
    }

    @Property
    void aMutatedRequestIsAnsweredOrRefused(@ForAll("mutations") byte[] body) {
        TRIES.incrementAndGet();
        if (respond(body)) {
            ANSWERED.incrementAndGet();
        }
    }

    /** The GET form: the base64 of a mutated request, itself with characters changed, as the path arrives URL-decoded. */
    @Property
    void aMutatedGetPathIsAnsweredOrRefused(@ForAll("paths") String path) {
        TRIES.incrementAndGet();
        if (respond(OcspResponder.fromGetPath(path))) {
            ANSWERED.incrementAndGet();
        }
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        return Fuzzing.mutations(SEEDS);
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> encoded = Arbitraries.oneOf(Arbitraries.of(SEEDS), mutations()).flatMap(der -> Arbitraries.of(
                Base64.getEncoder().encodeToString(der),
                Base64.getUrlEncoder().encodeToString(der),
                Base64.getEncoder().withoutPadding().encodeToString(der),
                Base64.getEncoder().encodeToString(der).replace('+', ' ')));
        Arbitrary<Character> odd = Arbitraries.chars().with("=/+-_ %.\u0000\u00e9\n");
        return net.jqwik.api.Combinators.combine(encoded, Arbitraries.integers().between(0, 4096), odd,
                Arbitraries.integers().between(0, 3)).as((text, at, c, how) -> {
                    int i = at % (text.length() + 1);
                    return switch (how) {
                        case 0 -> text;
                        case 1 -> text.substring(0, i) + c + text.substring(i);
                        case 2 -> text.substring(0, i);
                        default -> i < text.length() ? text.substring(0, i) + c + text.substring(i + 1) : text;
                    };
                });
    }
}
