package io.ucfleet.node.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Reads what admins upload: PEM (one or many CERTIFICATE or PKCS7 blocks), a DER
 * certificate, or a DER PKCS#7 chain. Strict like trust-manager's cert pool: a CSR or a
 * private key where a certificate belongs is refused by name, never skipped, and the refusal
 * never echoes the key.
 */
public final class CertificateDecoder {
    private static final Map<String, String> WRONG_PEM_LABELS = Map.of(
            "CERTIFICATE REQUEST", "a certificate signing request (CSR)",
            "NEW CERTIFICATE REQUEST", "a certificate signing request (CSR)",
            "PRIVATE KEY", "a private key",
            "RSA PRIVATE KEY", "a private key",
            "EC PRIVATE KEY", "a private key",
            "ENCRYPTED PRIVATE KEY", "a private key",
            "PUBLIC KEY", "a public key",
            "X509 CRL", "a certificate revocation list");

    private CertificateDecoder() {
    }

    /**
     * As {@link #decodeAll(byte[])}, for a node that loads PEM only (Expressway): binary DER is
     * refused with the conversion command of seed 004, appendix 3.
     */
    public static List<X509CertificateHolder> decodeAll(byte[] body, io.ucfleet.node.profile.CertificatePolicy policy) {
        if (policy.pemOnly() && body != null && !isBlank(body) && !looksLikePem(body)) {
            throw new DomainProblem(ProblemType.DER_NOT_ACCEPTED, "The file is not PEM (no -----BEGIN CERTIFICATE-----"
                    + " line): " + policy.product() + " loads PEM only. Convert a DER certificate first: "
                    + io.ucfleet.node.profile.CertificatePolicy.DER_TO_PEM, Map.of("command",
                            io.ucfleet.node.profile.CertificatePolicy.DER_TO_PEM));
        }
        return decodeAll(body);
    }

    /** The certificates in upload order; at least one, or a {@link DomainProblem}. */
    public static List<X509CertificateHolder> decodeAll(byte[] body) {
        if (body == null || isBlank(body)) {
            throw new DomainProblem(ProblemType.EMPTY_UPLOAD, "The request body is empty; send PEM, DER or PKCS#7.");
        }
        List<X509CertificateHolder> certificates = looksLikePem(body) ? fromPem(body) : fromDer(body, "the body");
        if (certificates.isEmpty()) {
            throw new DomainProblem(ProblemType.EMPTY_UPLOAD, "The upload holds no certificate.");
        }
        return certificates;
    }

    private static List<X509CertificateHolder> fromPem(byte[] body) {
        List<X509CertificateHolder> result = new ArrayList<>();
        int block = 0;
        try (PemReader reader = new PemReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.US_ASCII))) {
            PemObject object;
            while ((object = reader.readPemObject()) != null) {
                block++;
                String label = object.getType().toUpperCase(Locale.ROOT);
                String what = "PEM block " + block;
                switch (label) {
                    case "CERTIFICATE", "X509 CERTIFICATE" -> result.add(certificate(object.getContent(), what));
                    case "PKCS7", "CMS" -> result.addAll(pkcs7(object.getContent(), what));
                    default -> throw wrongContent(label, what);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DomainProblem problem) {
                throw problem;
            }
            throw new DomainProblem(ProblemType.INVALID_PEM, "PEM block " + (block + 1) + " cannot be read: "
                    + safeMessage(e) + ". Expected -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE----- with base64 between.");
        }
        if (result.isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_PEM, "The text has no -----BEGIN CERTIFICATE----- block.");
        }
        return result;
    }

    private static DomainProblem wrongContent(String label, String what) {
        String kind = WRONG_PEM_LABELS.get(label);
        if (kind != null) {
            return new DomainProblem(ProblemType.NOT_A_CERTIFICATE,
                    what + " is " + kind + " (" + io.ucfleet.platform.problem.ProblemBody.quote(label) + "), not a certificate. Upload a CERTIFICATE or PKCS7 block.");
        }
        return new DomainProblem(ProblemType.INVALID_PEM,
                what + " has label " + io.ucfleet.platform.problem.ProblemBody.quote(label) + "; only CERTIFICATE and PKCS7 blocks are accepted.");
    }

    private static List<X509CertificateHolder> fromDer(byte[] der, String what) {
        ASN1Primitive primitive = parseWhole(der, what);
        if (!(primitive instanceof ASN1Sequence sequence)) {
            throw new DomainProblem(ProblemType.INVALID_DER, what + " is not a DER SEQUENCE: not a certificate.");
        }
        if (sequence.size() == 2 && sequence.getObjectAt(0) instanceof ASN1ObjectIdentifier) {
            return pkcs7(der, what);
        }
        if (sequence.size() == 3 && looksLikeCsr(sequence)) {
            throw new DomainProblem(ProblemType.NOT_A_CERTIFICATE,
                    what + " is a certificate signing request (PKCS#10), not a certificate.");
        }
        return List.of(certificate(der, what));
    }

    private static X509CertificateHolder certificate(byte[] der, String what) {
        ASN1Primitive primitive = parseWhole(der, what);
        try {
            Certificate certificate = Certificate.getInstance(primitive);
            X509CertificateHolder holder = new X509CertificateHolder(certificate);
            readable(holder, what);
            return holder;
        } catch (RuntimeException e) {
            // BouncyCastle reports a malformed structure as IllegalArgument-, IllegalState-
            // (ASN1ParsingException) or ClassCastException; any of them is the upload's fault.
            if (e instanceof DomainProblem problem) {
                throw problem;
            }
            if (primitive instanceof ASN1Sequence seq && looksLikeCsr(seq)) {
                throw new DomainProblem(ProblemType.NOT_A_CERTIFICATE,
                        what + " is a certificate signing request (PKCS#10), not a certificate.");
            }
            throw new DomainProblem(ProblemType.INVALID_DER, what + " is not an X.509 certificate: " + safeMessage(e));
        }
    }

    /**
     * Every rule after the decoder reads the names, key and extensions (CertificateFacts); a field
     * that cannot be read (a name that is not UTF-8, a key that does not parse) is refused here, as
     * the upload's fault, rather than failing later as an internal error. Times that break the
     * GeneralizedTime rule are left to that rule, which names them.
     */
    private static void readable(X509CertificateHolder holder, String what) {
        if (io.ucfleet.platform.x509.TimeEncoding.form(holder.toASN1Structure()).isPresent()) {
            return;
        }
        try {
            CertificateFacts.of(holder);
        } catch (RuntimeException e) {
            throw new DomainProblem(ProblemType.INVALID_DER, what + " is a certificate whose fields cannot be read ("
                    + safeMessage(e) + ").");
        }
    }

    private static List<X509CertificateHolder> pkcs7(byte[] der, String what) {
        try {
            ContentInfo info = ContentInfo.getInstance(parseWhole(der, what));
            if (!CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
                throw new DomainProblem(ProblemType.INVALID_DER,
                        what + " is PKCS#7 of type " + info.getContentType() + "; only signedData chains are accepted.");
            }
            List<X509CertificateHolder> certificates = new ArrayList<>(new CMSSignedData(info).getCertificates().getMatches(null));
            for (int i = 0; i < certificates.size(); i++) {
                readable(certificates.get(i), what + " (certificate " + (i + 1) + " of the chain)");
            }
            if (certificates.isEmpty()) {
                throw new DomainProblem(ProblemType.EMPTY_UPLOAD, what + " is a PKCS#7 chain with no certificate.");
            }
            return certificates;
        } catch (CMSException | RuntimeException e) {
            if (e instanceof DomainProblem problem) {
                throw problem;
            }
            throw new DomainProblem(ProblemType.INVALID_DER, what + " is not a PKCS#7 certificate chain: " + safeMessage(e));
        }
    }

    /** One DER object that spans all of the bytes: truncated or trailing data is refused. */
    private static ASN1Primitive parseWhole(byte[] der, String what) {
        // Not lazy: a lazily parsed sequence would report its corruption later, from wherever it is read.
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive primitive = in.readObject();
            if (primitive == null) {
                throw new DomainProblem(ProblemType.INVALID_DER, what + " is empty.");
            }
            if (in.available() > 0 || in.readObject() != null) {
                throw new DomainProblem(ProblemType.INVALID_DER, what + " has data after the end of the DER object.");
            }
            return primitive;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DomainProblem problem) {
                throw problem;
            }
            throw new DomainProblem(ProblemType.INVALID_DER,
                    what + " is not valid DER (truncated or corrupt): " + safeMessage(e));
        }
    }

    private static boolean looksLikeCsr(ASN1Sequence sequence) {
        try {
            CertificationRequest.getInstance(sequence).getCertificationRequestInfo().getSubjectPublicKeyInfo();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean looksLikePem(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parser messages name structure, never content, so they are safe to return; shortened, and
     * without the Java class names BouncyCastle prefixes nested causes with.
     */
    private static String safeMessage(Exception e) {
        String message = e.getMessage();
        boolean parser = e instanceof IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof CMSException;
        if (message == null || !parser) {
            // An index or a cast that failed inside the parser says nothing the uploader can act on.
            return "malformed";
        }
        message = message.replaceAll("[\\p{Cntrl}]+", " ").replaceAll("(org\\.bouncycastle|java)\\.[\\w.]+(Exception|Error): ?", "");
        return message.length() > 120 ? message.substring(0, 120) + "..." : message;
    }
}
