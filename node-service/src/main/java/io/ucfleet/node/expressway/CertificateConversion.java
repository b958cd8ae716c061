package io.ucfleet.node.expressway;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.x509.CertificateDecoder;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The utilities of seed 004's appendices: a DER certificate file converted to the PEM the VCS
 * loads (appendix 3, {@code openssl x509 -inform DER -outform PEM}), and a certificate, PEM or DER,
 * decoded as {@code openssl x509 -text} prints it (appendix 4). Reads with the node's strict
 * {@link CertificateDecoder}, so a key, a CSR or garbage is a 400 naming what it is. Pure.
 */
public final class CertificateConversion {
    private CertificateConversion() {
    }

    /** Appendix 3: every certificate of the DER file (one, or a PKCS#7 chain), PEM. */
    public static String derToPem(byte[] der) {
        if (der != null && looksLikePem(der)) {
            throw new DomainProblem(ProblemType.INVALID_DER, "The file is already PEM (it has a -----BEGIN line); there is"
                    + " nothing to convert: load it as it is.");
        }
        StringBuilder out = new StringBuilder();
        CertificateDecoder.decodeAll(der).forEach(c -> out.append(Pem.certificate(CertificateFacts.encoded(c))));
        return out.toString();
    }

    /** Appendix 4: each certificate of the file, PEM or DER, decoded; a blank line between two. */
    public static String decode(byte[] file) {
        List<X509CertificateHolder> certificates = CertificateDecoder.decodeAll(file);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < certificates.size(); i++) {
            out.append(i == 0 ? "" : "\n").append(DecodedCertificate.text(certificates.get(i)));
        }
        return out.toString();
    }

    private static boolean looksLikePem(byte[] body) {
        // As CertificateDecoder tells PEM from DER.
        return new String(body, 0, Math.min(body.length, 64 * 1024), StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }
}
