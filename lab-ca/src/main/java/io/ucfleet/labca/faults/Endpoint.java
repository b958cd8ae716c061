package io.ucfleet.labca.faults;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The public endpoints a revocation client reaches, by the path under {@code /pki/<hierarchy>/}. */
public enum Endpoint {
    /** {@code .../ocsp} and {@code .../ocsp/<base64>}. */
    OCSP("ocsp"),
    /** {@code .../<tier>.crl} and its {@code .pem}, {@code .zip}, {@code .gz} forms. */
    CRL("crl"),
    /** {@code .../<tier>.crt} (AIA caIssuers) and {@code .../chain.pem}. */
    CA_ISSUERS("ca-issuers");

    public final String id;

    Endpoint(String id) {
        this.id = id;
    }

    public static Optional<Endpoint> byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(e -> e.id).collect(Collectors.joining(", "));
    }

    /** Which endpoint a request path is, if it is one: {@code /pki/<hierarchy>/<file>}. */
    public static Optional<Endpoint> ofPath(String path) {
        if (path == null || !path.startsWith("/pki/")) {
            return Optional.empty();
        }
        String rest = path.substring("/pki/".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String file = rest.substring(slash + 1);
        if (file.equals("ocsp") || file.startsWith("ocsp/")) {
            return Optional.of(OCSP);
        }
        if (file.contains(".crl")) {
            return Optional.of(CRL);
        }
        if (file.endsWith(".crt") || file.endsWith(".pem")) {
            return Optional.of(CA_ISSUERS);
        }
        return Optional.empty();
    }
}
