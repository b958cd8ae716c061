package io.ucfleet.node.importtool;

import java.time.Instant;
import java.util.List;

/**
 * What the Certificate Import Tool reports after a run: one state per {@link ImportTest}, the
 * chain the peer presented (and the issuer it needs but did not send), and the fingerprints that
 * an approval would install.
 *
 * @param connection null when no chain was captured
 * @param installable SHA-256 fingerprints of the {@link CertificateStatus#MISSING} certificates
 */
public record ImportReport(String trustStore, String peerServer, int port, boolean allSucceeded, List<TestState> tests,
        Connection connection, List<PresentedCertificate> certificates, List<String> installable) {

    /**
     * The state of one test: {@code succeeded}, {@code failed}, or {@code not-run} when the
     * connection failed. {@code reason} says why the connection failed (a
     * {@link io.ucfleet.platform.tls.ProbeFailure} id); null otherwise.
     */
    public record TestState(String test, String state, String reason, String detail) {
        static TestState succeeded(ImportTest test, String detail) {
            return new TestState(test.id, "succeeded", null, detail);
        }

        static TestState failed(ImportTest test, String detail) {
            return new TestState(test.id, "failed", null, detail);
        }

        static TestState notRun(ImportTest test) {
            return new TestState(test.id, "not-run", null, "Not run: no TLS connection to the peer.");
        }

        boolean succeeded() {
            return "succeeded".equals(state);
        }
    }

    public record Connection(String tlsVersion, String cipherSuite, long connectMillis, long handshakeMillis) {
    }

    /**
     * A certificate of the chain, from the peer's own ({@code position} 0) up to the root. For the
     * issuer the peer did not send and the store lacks, only {@code subject} is known.
     */
    public record PresentedCertificate(int position, boolean sent, String status, boolean installable, String subject,
            String issuer, String serialNumber, Instant notBefore, Instant notAfter, Boolean certificateAuthority,
            String sha256) {

        static PresentedCertificate of(int position, ChainAssessment.Link link) {
            var f = link.facts();
            if (f == null) {
                return new PresentedCertificate(position, false, link.status().id, false, link.missingIssuer(), null, null,
                        null, null, null, null);
            }
            return new PresentedCertificate(position, link.sent(), link.status().id, link.installable(), f.subject(),
                    f.issuer(), f.serialNumber(), f.notBefore(), f.notAfter(), f.certificateAuthority(), f.sha256());
        }
    }
}
