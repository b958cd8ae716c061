package io.ucfleet.platform.revocation;

import io.ucfleet.platform.testing.Fuzzing;
import io.ucfleet.platform.testing.TestPki;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;


/**
 * What the revocation check reads from the servers a certificate points at, given anything: a
 * CDP's body (DER, PEM, ZIP, GZIP) and an OCSP responder's answer become an attempt with one of
 * the check's own outcomes and a reason, never an exception (which would lose the source's
 * reason: the verdict said only "no status before the verdict's deadline"). Inputs: random
 * bytes; real CRLs (the leaf revoked, not on it, expired) in the four forms and real OCSP answers
 * (good, revoked, unknown, malformedRequest) mutated; the same with the mutation made before the
 * issuer signs, so the reading past the signature check is fuzzed too (a CA with a broken CRL
 * writer, a responder with a broken encoder); and the corpora {@code fuzz/crl}, {@code fuzz/ocsp-response}.
 */
class RevocationAnswerFuzzTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final TestPki.Issued CA = TestPki.ca("Fuzz Revocation CA");
    static final TestPki.Issued LEAF = TestPki.leaf(CA, TestPki.Spec.cn("fuzz.example.com"));
    static final byte[] NONCE = "sixteen byte non".getBytes(StandardCharsets.US_ASCII);
    static final CertificateID ID = certificateId();
    static final RevocationCheck CHECK = new RevocationCheck(null, null, Clock.fixed(NOW, ZoneOffset.UTC), 1 << 20, 64 << 10);
    static final Set<String> OUTCOMES = Set.of("good", "revoked", "crl-expired", "unknown", "unusable", "too-large");

    static final List<byte[]> CRLS = crls();
    static final List<byte[]> OCSP = ocspAnswers();

    /** Tries of a mutation property, and how many got past decoding: mutation must reach past the first byte check. */
    static final AtomicInteger TRIES = new AtomicInteger();
    static final AtomicInteger DECODED = new AtomicInteger();

    static CertificateID certificateId() {
        try {
            return new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(CA.certificate()), LEAF.certificate().getSerialNumber());
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

    static X500Name issuerName() {
        return X500Name.getInstance(CA.certificate().getSubjectX500Principal().getEncoded());
    }

    static byte[] crl(boolean leafRevoked, Instant nextUpdate) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(issuerName(), Date.from(NOW.minus(1, ChronoUnit.HOURS)));
        b.setNextUpdate(Date.from(nextUpdate));
        b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(42)));
        b.addCRLEntry(BigInteger.valueOf(1001), Date.from(NOW.minus(2, ChronoUnit.DAYS)), CRLReason.superseded);
        if (leafRevoked) {
            b.addCRLEntry(LEAF.certificate().getSerialNumber(), Date.from(NOW.minus(1, ChronoUnit.DAYS)), CRLReason.keyCompromise);
        }
        b.addCRLEntry(BigInteger.valueOf(1002), Date.from(NOW.minus(3, ChronoUnit.DAYS)), CRLReason.cessationOfOperation);
        return b.build(signer()).getEncoded();
    }

    /** The leaf revoked, not on it, and expired; each as DER, PEM, GZIP and ZIP (as seed 004's CDPs serve them). */
    static List<byte[]> crls() {
        try {
            List<byte[]> out = new ArrayList<>();
            for (byte[] der : List.of(crl(true, NOW.plus(7, ChronoUnit.DAYS)), crl(false, NOW.plus(7, ChronoUnit.DAYS)),
                    crl(true, NOW.minus(1, ChronoUnit.HOURS)))) {
                out.add(der);
                out.add(TestPki.pem("X509 CRL", der).getBytes(StandardCharsets.US_ASCII));
                ByteArrayOutputStream gz = new ByteArrayOutputStream();
                try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
                    g.write(der);
                }
                out.add(gz.toByteArray());
                ByteArrayOutputStream zip = new ByteArrayOutputStream();
                try (ZipOutputStream z = new ZipOutputStream(zip)) {
                    z.putNextEntry(new ZipEntry("issuing.crl"));
                    z.write(der);
                    z.closeEntry();
                }
                out.add(zip.toByteArray());
            }
            return List.copyOf(out);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] ocsp(CertificateStatus status, boolean nonce) throws Exception {
        X509CertificateHolder ca = new JcaX509CertificateHolder(CA.certificate());
        BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(ca.getSubject()));
        b.addResponse(ID, status, Date.from(NOW.minus(5, ChronoUnit.MINUTES)), Date.from(NOW.plus(1, ChronoUnit.HOURS)),
                (Extensions) null);
        if (nonce) {
            b.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(NONCE).getEncoded()))));
        }
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                b.build(signer(), new X509CertificateHolder[] { ca }, Date.from(NOW))).getEncoded();
    }

    /** Good (with our nonce, as lab-ca answers), revoked with a reason, unknown, and malformedRequest. */
    static List<byte[]> ocspAnswers() {
        try {
            return List.of(ocsp(CertificateStatus.GOOD, true),
                    ocsp(new RevokedStatus(Date.from(NOW.minus(1, ChronoUnit.DAYS)), CRLReason.keyCompromise), true),
                    ocsp(new UnknownStatus(), false),
                    new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The attempt for a body, checked; true when the body decoded (whatever the later checks said). */
    static boolean read(String method, byte[] body) {
        BoundedFetch.Fetched fetched = new BoundedFetch.Fetched(body, "application/octet-stream", 3);
        long start = System.nanoTime();
        RevocationCheck.Attempt attempt = null;
        try {
            attempt = method.equals("crl") ? CHECK.crlAnswer("http://cdp.example/x.crl", fetched, LEAF.certificate(), CA.certificate())
                    : CHECK.ocspAnswer("http://ocsp.example/", fetched, ID, CA.certificate(), NONCE);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            Fuzzing.keep(method, body);
            fail("a " + method + " answer of " + body.length + " bytes threw " + e, e);
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < Fuzzing.MAX_MILLIS, "reading took " + millis + " ms");
        }
        assertEquals(method, attempt.method());
        assertTrue(OUTCOMES.contains(attempt.outcome()), attempt.toString());
        assertFalse(attempt.detail() == null || attempt.detail().isBlank(), attempt.toString());
        assertFalse(attempt.detail().contains("Exception"), attempt.toString());
        return !attempt.detail().startsWith("not a CRL") && !attempt.detail().startsWith("the answer is not an OCSP response");
    }

    @BeforeProperty
    void resetCounters() {
        TRIES.set(0);
        DECODED.set(0);
    }

    @AfterProperty
    void mutationsReachedPastDecoding() {
        if (TRIES.get() >= 100) {
            assertTrue(DECODED.get() * 20 >= TRIES.get(), DECODED + " of " + TRIES + " mutated answers decoded");
        }
    }

    @Example
    void theSeedsGiveTheirStatusAndTheCorporaTheirReason() {
        List<String> crl = new ArrayList<>();
        for (byte[] body : CRLS) {
            assertTrue(read("crl", body));
            crl.add(CHECK.crlAnswer("u", new BoundedFetch.Fetched(body, "", 0), LEAF.certificate(), CA.certificate()).outcome());
        }
        assertEquals(List.of("revoked", "revoked", "revoked", "revoked", "good", "good", "good", "good",
                "crl-expired", "crl-expired", "crl-expired", "crl-expired"), crl);
        List<String> ocsp = new ArrayList<>();
        for (byte[] body : OCSP) {
            assertTrue(read("ocsp", body));
            ocsp.add(CHECK.ocspAnswer("u", new BoundedFetch.Fetched(body, "", 0), ID, CA.certificate(), NONCE).outcome());
        }
        assertEquals(List.of("good", "revoked", "unknown", "unusable"), ocsp);
        assertEquals("revoked", CHECK.crlAnswer("u", new BoundedFetch.Fetched(signed(encoded(CertificateList.getInstance(CRLS.get(0))
                .getTBSCertList()), RevocationAnswerFuzzTest::certificateList), "", 0), LEAF.certificate(), CA.certificate()).outcome());
        RevocationCheck.Attempt resigned = CHECK.ocspAnswer("u", new BoundedFetch.Fetched(signed(encoded(basic(OCSP.get(0))
                .getTbsResponseData()), RevocationAnswerFuzzTest::ocspResponse), "", 0), ID, CA.certificate(), NONCE);
        assertEquals("good", resigned.outcome(), resigned.toString());
        replay("crl", RevocationAnswerFuzzTest::certificateList);
        replay("ocsp-response", RevocationAnswerFuzzTest::ocspResponse);
        read("crl", new byte[0]);
        read("ocsp", new byte[0]);
    }

    /** The corpus: a {@code signed-tbs-*} file is what the issuer signs (signed here, as the key is made per run). */
    static void replay(String kind, Function<DERSequence, byte[]> wrap) {
        String method = kind.equals("crl") ? "crl" : "ocsp";
        Fuzzing.corpus(kind).forEach((name, bytes) -> {
            byte[] body = name.startsWith("signed-tbs-") ? signed(bytes, wrap) : bytes;
            BoundedFetch.Fetched fetched = new BoundedFetch.Fetched(body, "", 0);
            read(method, body);
            RevocationCheck.Attempt attempt = method.equals("crl") ? CHECK.crlAnswer("u", fetched, LEAF.certificate(), CA.certificate())
                    : CHECK.ocspAnswer("u", fetched, ID, CA.certificate(), NONCE);
            assertEquals("unusable", attempt.outcome(), name + ": " + attempt);
            if (name.startsWith("signed-tbs-")) {
                assertTrue(attempt.detail().endsWith("do not decode"), name + ": " + attempt);
            }
        });
    }

    @Property
    void anyBytesFromACdpGiveAnOutcome(@ForAll @Size(max = 4096) byte[] body) {
        read("crl", body);
    }

    @Property
    void anyBytesFromAResponderGiveAnOutcome(@ForAll @Size(max = 4096) byte[] body) {
        read("ocsp", body);
    }

    @Property
    void aMutatedCrlGivesAnOutcome(@ForAll("crlMutations") byte[] body) {
        TRIES.incrementAndGet();
        if (read("crl", body)) {
            DECODED.incrementAndGet();
        }
    }

    @Property
    void aMutatedOcspAnswerGivesAnOutcome(@ForAll("ocspMutations") byte[] body) {
        TRIES.incrementAndGet();
        if (read("ocsp", body)) {
            DECODED.incrementAndGet();
        }
    }

    /** The issuer signs the mutated TBSCertList: the entries, times and extensions are read past the signature check. */
    @Property
    void aBrokenCrlTheIssuerSignedGivesAnOutcome(@ForAll("signedCrlMutations") byte[] body) {
        TRIES.incrementAndGet();
        if (read("crl", body)) {
            DECODED.incrementAndGet();
        }
    }

    /** The issuer signs the mutated ResponseData: the single responses, times and statuses are read past the signature check. */
    @Property
    void aBrokenOcspAnswerTheIssuerSignedGivesAnOutcome(@ForAll("signedOcspMutations") byte[] body) {
        TRIES.incrementAndGet();
        if (read("ocsp", body)) {
            DECODED.incrementAndGet();
        }
    }

    @Provide
    Arbitrary<byte[]> crlMutations() {
        return Fuzzing.mutations(CRLS);
    }

    @Provide
    Arbitrary<byte[]> ocspMutations() {
        return Fuzzing.mutations(OCSP);
    }

    @Provide
    Arbitrary<byte[]> signedCrlMutations() {
        // the DER form of each CRL: revoked, good, expired
        List<byte[]> tbs = List.of(CRLS.get(0), CRLS.get(4), CRLS.get(8)).stream()
                .map(der -> encoded(CertificateList.getInstance(der).getTBSCertList())).toList();
        return Fuzzing.mutations(tbs).map(mutated -> signed(mutated, RevocationAnswerFuzzTest::certificateList));
    }

    @Provide
    Arbitrary<byte[]> signedOcspMutations() {
        List<byte[]> tbs = OCSP.stream().limit(3).map(RevocationAnswerFuzzTest::basic)
                .map(b -> encoded(b.getTbsResponseData())).toList();
        return Fuzzing.mutations(tbs).map(mutated -> signed(mutated, RevocationAnswerFuzzTest::ocspResponse));
    }

    static byte[] encoded(org.bouncycastle.asn1.ASN1Object o) {
        try {
            return o.getEncoded(ASN1Encoding.DER);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static BasicOCSPResponse basic(byte[] ocspResponse) {
        return BasicOCSPResponse.getInstance(OCSPResponse.getInstance(ocspResponse).getResponseBytes().getResponse().getOctets());
    }

    /** The mutated bytes signed by the issuer, if they are still ASN.1 at all (else as they are: unsigned garbage). */
    static byte[] signed(byte[] tbs, Function<DERSequence, byte[]> wrap) {
        ASN1Primitive parsed;
        try {
            parsed = ASN1Primitive.fromByteArray(tbs);
        } catch (Exception e) {
            return tbs;
        }
        if (parsed == null) {
            return tbs; // nothing left
        }
        try {
            byte[] toSign = parsed.getEncoded(ASN1Encoding.DER);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(CA.key().getPrivate());
            s.update(toSign);
            AlgorithmIdentifier algorithm = signer().getAlgorithmIdentifier();
            return wrap.apply(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] { parsed, algorithm,
                    new DERBitString(s.sign()) }));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] certificateList(DERSequence signed) {
        return encoded(signed);
    }

    static byte[] ocspResponse(DERSequence signed) {
        try {
            DERSequence withCerts = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] { signed.getObjectAt(0),
                    signed.getObjectAt(1), signed.getObjectAt(2), new org.bouncycastle.asn1.DERTaggedObject(true, 0,
                            new DERSequence(new JcaX509CertificateHolder(CA.certificate()).toASN1Structure())) });
            return encoded(new OCSPResponse(new OCSPResponseStatus(OCSPResponseStatus.SUCCESSFUL), new ResponseBytes(
                    OCSPObjectIdentifiers.id_pkix_ocsp_basic, new DEROctetString(withCerts.getEncoded(ASN1Encoding.DER)))));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
