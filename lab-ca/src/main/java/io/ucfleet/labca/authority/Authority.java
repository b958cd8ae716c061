package io.ucfleet.labca.authority;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.labca.keys.KeyType;

/** One CA of a hierarchy: its certificate and its sealed key (opened only to sign, by {@link Authorities#key}). */
public record Authority(long id, String hierarchy, Tier tier, byte[] certificateDer, byte[] sealedKey, KeyType keyType,
        int keySize) {

    public X509CertificateHolder certificate() {
        try {
            return new X509CertificateHolder(certificateDer);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored " + hierarchy + "/" + tier.id() + " certificate does not decode", e);
        }
    }

    /** What its key is bound to when sealed: another CA's row does not open with it. */
    public String keyContext() {
        return keyContext(hierarchy, tier);
    }

    static String keyContext(String hierarchy, Tier tier) {
        return "lab-ca/" + hierarchy + "/" + tier.id();
    }
}
