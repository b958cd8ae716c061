package io.ucfleet.node.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

import io.ucfleet.node.x509.SerialNumbers;

/** The one builder of constraint extensions, for a CA row, an end-entity row and the LSC; and the one serial policy. */
class ProfileExtensionsTest {

    @Test
    void aCaRowIsACriticalCaAndAnEndEntityRowIsNot() {
        Extensions capf = new Extensions(ProfileExtensions.of(IdentityProfile.CAPF).extensions().toArray(Extension[]::new));
        assertTrue(capf.getExtension(Extension.basicConstraints).isCritical());
        assertTrue(BasicConstraints.fromExtensions(capf).isCA());
        assertTrue(KeyUsage.fromExtensions(capf).hasUsages(KeyUsage.keyCertSign | KeyUsage.digitalSignature));

        Extensions tomcat = new Extensions(ProfileExtensions.of(IdentityProfile.TOMCAT).extensions().toArray(Extension[]::new));
        assertFalse(tomcat.getExtension(Extension.basicConstraints).isCritical());
        assertFalse(BasicConstraints.fromExtensions(tomcat).isCA());
        assertTrue(tomcat.getExtension(Extension.keyUsage).isCritical());
        assertTrue(KeyUsage.fromExtensions(tomcat).hasUsages(KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                | KeyUsage.dataEncipherment));
        var eku = org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(tomcat);
        assertTrue(eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth) && eku.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth));
    }

    @Test
    void anLscIsAClientAuthenticatingEndEntity() {
        Extensions lsc = new Extensions(ProfileExtensions.LSC.extensions().toArray(Extension[]::new));
        assertTrue(lsc.getExtension(Extension.basicConstraints).isCritical());
        assertFalse(BasicConstraints.fromExtensions(lsc).isCA());
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth),
                List.of(org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(lsc).getUsages()));
    }

    @Test
    void serialsArePositiveWith127Bits() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 1000; i++) {
            var serial = SerialNumbers.random(random);
            assertEquals(127, serial.bitLength());
            assertTrue(serial.signum() > 0);
        }
    }
}
