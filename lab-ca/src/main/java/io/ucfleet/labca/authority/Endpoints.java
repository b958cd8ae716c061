package io.ucfleet.labca.authority;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.labca.config.LabCaConfig;

/**
 * The public URLs of a hierarchy, as written into CDP and AIA and served without login (as real
 * ones are): {@code <public-url>/pki/<hierarchy>/<tier>.crl} (DER; {@code .crl.pem},
 * {@code .crl.zip}, {@code .crl.gz} too), {@code .../<tier>.crt} (DER, the caIssuers target),
 * {@code .../ocsp}.
 */
@ApplicationScoped
public class Endpoints {
    public static final String PREFIX = "/pki/";

    @Inject
    LabCaConfig config;

    public String base() {
        return config.publicUrl().replaceAll("/+$", "");
    }

    public String crl(String hierarchy, Tier tier) {
        return base() + PREFIX + hierarchy + "/" + tier.id() + ".crl";
    }

    public String caIssuers(String hierarchy, Tier tier) {
        return base() + PREFIX + hierarchy + "/" + tier.id() + ".crt";
    }

    public String ocsp(String hierarchy) {
        return base() + PREFIX + hierarchy + "/ocsp";
    }
}
