package io.ucfleet.ctl.tlv;

import io.ucfleet.platform.trustlist.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The real CUCM tokenless CTL (shared/vectors, copied into test resources) and its broken copy. */
class CiscoVectorTest {

    static byte[] vector(String name) throws IOException {
        try (InputStream in = CiscoVectorTest.class.getResourceAsStream("/vectors/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theRealCiscoCtlParsesAndVerifies() throws Exception {
        TrustListFile file = TrustListFile.parse(vector("cisco-tokenless-CTLFile.tlv"));
        assertEquals("1.2", file.version());
        assertEquals(312, file.headerLength());
        assertEquals("CTLFile.tlv", file.fileName());
        assertEquals(0x554AD7B7L, file.timestamp().orElseThrow().getEpochSecond());
        assertEquals(6, file.records().size());
        int sum = file.headerLength() + file.records().stream().mapToInt(r -> r.length()).sum();
        assertEquals(file.length(), sum);
        var verification = TrustListVerifier.verify(file);
        assertTrue(verification.verified(), verification.message());
        assertEquals(Optional.of(1), verification.signerRecord());
        assertEquals(List.of(Role.SAST, Role.CCM_TFTP, Role.CCM_TFTP, Role.CAPF, Role.SAST, Role.CCM_TFTP),
                file.records().stream().map(r -> r.role().orElseThrow()).toList());
        assertEquals("CN=ITLRECOVERY_gigantic-6.cisco.com;OU=CTG;O=Alpha;L=SJ;ST=CA;C=US", file.records().get(4).subject());
        assertEquals("10.35.48.106", file.records().get(0).ip().orElseThrow());
        String show = ShowTrustList.show(file, verification, Optional.empty());
        // The decoder's listing: same records, roles, subjects and SHA-1 fingerprints as Cisco's show ctl.
        for (String expected : List.of("CTL Record #:6", "bd 3a af c7 f3 e2 16 27 b5 2b 5b dd 7f b4 d0 7c 58 24 a7 68",
                "f2 82 8a 84 93 37 fd 55 4e 1a 4b 8a 2d 7e c2 77 5b 4b 56 13", "CAPF", "CN=CAPF-2076a1a2;OU=VTG;O=Alpha",
                "This etoken was used to sign the CTL file.", "The CTL file was verified successfully.",
                "7bc2b30ebc2c52dcb6af9389af7a32e4a65be824(SHA1)", "Length of CTL file: 7166")) {
            assertTrue(show.contains(expected), expected + " in\n" + show);
        }
        // Fingerprints computed here, independent of the decoder.
        var sha1 = java.security.MessageDigest.getInstance("SHA-1");
        for (var record : file.records()) {
            byte[] der = record.element(Tags.R_CERTIFICATE).orElseThrow().value();
            assertEquals(java.util.HexFormat.of().formatHex(sha1.digest(der)), record.certificate().orElseThrow().sha1Hex());
        }
    }

    @Test
    void theBrokenCopyIsRejectedNamingTheRecord() throws Exception {
        var e = assertThrows(TrustListFormatException.class,
                () -> TrustListFile.parse(vector("cisco-tokenless-CTLFile-broken-cert.tlv")));
        assertTrue(e.getMessage().startsWith("record #5 "), e.getMessage());
        String show = ShowTrustList.show(vector("cisco-tokenless-CTLFile-broken-cert.tlv"), Optional.empty());
        assertTrue(show.contains("Error parsing the CTL File: record #5"), show);
    }
}
