package io.ucfleet.ctl.tlv;

import io.ucfleet.platform.trustlist.*;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed test certificates with their keys, made in-process. */
public record TestKeys(KeyPair keyPair, CertificateFields certificate) {

    public static TestKeys selfSigned(String subject, int bits, long serial) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KeyPair keyPair = generator.generateKeyPair();
            X500Name name = new X500Name(subject);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            var holder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial), Date.from(now),
                    Date.from(now.plus(365, ChronoUnit.DAYS)), name, keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate()));
            return new TestKeys(keyPair, CertificateFields.of(holder.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signer holding the key here, as the publisher's signing endpoint does on its side. */
    public TrustListWriter.Signer signer() {
        PrivateKey key = keyPair.getPrivate();
        return (data, digest) -> {
            try {
                Signature signature = Signature.getInstance(digest.jcaSignature);
                signature.initSign(key);
                signature.update(data);
                return signature.sign();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
