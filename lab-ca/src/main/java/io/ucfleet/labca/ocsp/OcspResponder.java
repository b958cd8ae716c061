package io.ucfleet.labca.ocsp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import io.ucfleet.labca.authority.Authorities;
import io.ucfleet.labca.authority.Authority;
import io.ucfleet.labca.authority.Hierarchy;
import io.ucfleet.labca.config.LabCaConfig;
import io.ucfleet.labca.ledger.IssuedCertificate;
import io.ucfleet.labca.ledger.Ledger;
import io.ucfleet.labca.x509.SerialNumbers;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The hierarchy's OCSP responder (RFC 6960) for everything its CAs issued: per CertID,
 * {@code good}, {@code revoked} (time and reason) or {@code unknown} (a serial the CA never
 * issued, or an issuer that is not one of the hierarchy's CAs). The answer is signed by the CA
 * that issued the first certificate asked about (RFC 6960 §4.2.2.2: the CA itself may sign, so
 * clients need no delegated responder certificate and nothing beyond the issuer to verify it);
 * a request's nonce is echoed. A body that is not an OCSPRequest is a 400 problem, or, for a
 * client that accepts only {@code application/ocsp-response}, the RFC's {@code malformedRequest}.
 */
@ApplicationScoped
public class OcspResponder {
    @Inject
    Authorities authorities;
    @Inject
    Ledger ledger;
    @Inject
    LabCaConfig config;
    @Inject
    Clock clock;

    private static final DigestCalculatorProvider DIGESTS = digests();

    private static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@link #answer} reads of a request: the certificates asked about, and the nonce to echo (or null). */
    record Request(List<CertificateID> ids, Extension nonce) {
    }

    /** The DER OCSPResponse for a DER OCSPRequest. */
    public byte[] respond(String hierarchy, byte[] request) {
        Hierarchy h = authorities.hierarchy(hierarchy);
        return answer(parse(request), h, this::status, a -> authorities.key(a).signer(), clock.instant(), config.ocspValidity());
    }

    /**
     * The signed answer to a parsed request: per CertID its issuer among {@code h}'s CAs and the
     * {@code status} of that issuer's serial, signed by the issuer of the first ({@code signers}
     * gives a CA's signer). Pure, so it is fuzzed without the ledger and the key vault.
     */
    static byte[] answer(Request req, Hierarchy h, BiFunction<Optional<Authority>, BigInteger, CertificateStatus> status,
            Function<Authority, ContentSigner> signers, Instant at, Duration validity) {
        Instant now = at.truncatedTo(ChronoUnit.SECONDS);
        Date thisUpdate = Date.from(now);
        Date nextUpdate = Date.from(now.plus(validity));
        Authority signer = null;
        try {
            BasicOCSPRespBuilder builder = null;
            for (CertificateID id : req.ids()) {
                Optional<Authority> issuer = issuerOf(h, id);
                if (signer == null) {
                    signer = issuer.orElse(h.issuing());
                    builder = new BasicOCSPRespBuilder(new RespID(signer.certificate().getSubject()));
                }
                builder.addResponse(id, status.apply(issuer, id.getSerialNumber()), thisUpdate, nextUpdate, (Extensions) null);
            }
            if (req.nonce() != null) {
                builder.setResponseExtensions(new Extensions(req.nonce()));
            }
            X509CertificateHolder signerCertificate = signer.certificate();
            BasicOCSPResp basic = builder.build(signers.apply(signer), new X509CertificateHolder[] { signerCertificate },
                    thisUpdate);
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException e) {
            throw new IllegalStateException("cannot build the OCSP response", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 6960's answer to a request that does not parse: an unsigned {@code malformedRequest} response. */
    public static byte[] malformedRequest() {
        try {
            return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The DER of the GET form (RFC 6960 Appendix A.1): the path segment(s) after {@code ocsp/},
     * URL-decoded, are the base64 of the request ('+' may arrive as a space, and the URL-safe
     * alphabet is read too); what is not base64 is an empty request, which {@link #parse} refuses.
     */
    public static byte[] fromGetPath(String encoded) {
        try {
            return Base64.getDecoder().decode(encoded.replace(' ', '+').replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /**
     * The request, every part {@link #answer} uses read here: BouncyCastle reads a request's
     * entries only when asked for them, so an entry that is not a Request (or its CertID not a
     * CertID) would otherwise throw past the refusal, a 500 instead of the 400 or malformedRequest.
     */
    static Request parse(byte[] request) {
        OCSPReq req;
        List<CertificateID> ids = new ArrayList<>();
        Extension nonce;
        try {
            if (request == null || request.length == 0) {
                throw new IOException("empty");
            }
            req = new OCSPReq(request);
            for (Req one : req.getRequestList()) {
                ids.add(one.getCertID());
            }
            nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        } catch (IOException | RuntimeException e) {
            throw new DomainProblem(ProblemType.INVALID_OCSP_REQUEST, "The request body is not a DER OCSPRequest (RFC 6960"
                    + " 4.1): POST it as application/ocsp-request, or GET <ocsp URL>/<base64 of the DER>.");
        }
        if (ids.isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_OCSP_REQUEST, "The OCSPRequest asks about no certificate.");
        }
        if (ids.size() > 64) {
            throw new DomainProblem(ProblemType.INVALID_OCSP_REQUEST, "The OCSPRequest asks about "
                    + ids.size() + " certificates; at most 64 are answered at once.");
        }
        return new Request(List.copyOf(ids), nonce);
    }

    private static Optional<Authority> issuerOf(Hierarchy h, CertificateID id) {
        for (Authority a : h.chain()) {
            try {
                if (id.matchesIssuer(a.certificate(), DIGESTS)) {
                    return Optional.of(a);
                }
            } catch (OCSPException e) {
                // a hash algorithm we cannot compute: not this issuer
            }
        }
        return Optional.empty();
    }

    private CertificateStatus status(Optional<Authority> issuer, BigInteger serial) {
        if (issuer.isEmpty()) {
            return new UnknownStatus();
        }
        Optional<IssuedCertificate> issued = ledger.bySerial(SerialNumbers.hex(serial))
                .filter(c -> c.authorityId() == issuer.get().id());
        if (issued.isEmpty()) {
            return new UnknownStatus();
        }
        IssuedCertificate c = issued.get();
        if (c.revoked()) {
            return new RevokedStatus(Date.from(c.revokedAt().orElseThrow()), c.revocationReason().orElseThrow().code);
        }
        return CertificateStatus.GOOD;
    }
}
