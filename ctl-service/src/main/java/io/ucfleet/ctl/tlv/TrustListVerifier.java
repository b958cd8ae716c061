package io.ucfleet.ctl.tlv;

import io.ucfleet.platform.trustlist.*;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.ucfleet.platform.trustlist.TrustListFile.TrustRecord;

/**
 * Verifies a file's signature the way a phone does (ctl-format.md §1.6): the signer is the
 * SAST record whose serial equals the header's, and the RSA PKCS#1 v1.5 signature with the
 * header's hash must verify over the file without the SIGNATURE element.
 */
public final class TrustListVerifier {
    private TrustListVerifier() {
    }

    /** {@code signerRecord} is the record number that signed, when found. */
    public record Verification(boolean verified, Optional<Integer> signerRecord, String message) {
    }

    public static Verification verify(TrustListFile file) {
        Optional<byte[]> serial = file.signerSerial();
        if (serial.isEmpty()) {
            return new Verification(false, Optional.empty(), "the header names no signer SERIALNUMBER");
        }
        List<TrustRecord> candidates = file.records().stream()
                .filter(r -> r.role().orElse(null) == Role.SAST)
                .filter(r -> r.serial().map(s -> Arrays.equals(s, serial.get())).orElse(false))
                .filter(r -> r.certificate().isPresent())
                .toList();
        if (candidates.isEmpty()) {
            return new Verification(false, Optional.empty(), "no System Administrator Security Token record with a"
                    + " certificate has the signer's serial number");
        }
        Optional<DigestAlgorithm> digest = file.digest();
        if (digest.isEmpty()) {
            return new Verification(false, Optional.empty(), "unknown DIGESTALGORTITHM "
                    + file.headerElement(Tags.H_DIGEST_ALGORITHM).map(e -> String.valueOf(e.uint())).orElse("(none)"));
        }
        byte[] data = file.signedData();
        byte[] signature = file.signatureElement().value();
        TrustRecord signer = candidates.stream().filter(r -> r.certificate().get().issuer().equals(file.issuerName()))
                .findFirst().orElse(candidates.get(0));
        try {
            Signature verifier = Signature.getInstance(digest.get().jcaSignature);
            verifier.initVerify(signer.certificate().get().certificate().getPublicKey());
            verifier.update(data);
            if (verifier.verify(signature)) {
                return new Verification(true, Optional.of(signer.number()), "The " + kind(file)
                        + " file was verified successfully.");
            }
        } catch (GeneralSecurityException e) {
            return new Verification(false, Optional.of(signer.number()), "the signature does not verify against"
                    + " record #" + signer.number() + " (its key cannot check an RSA signature of this length)");
        }
        return new Verification(false, Optional.of(signer.number()), "the " + digest.get().displayName
                + " signature does not verify against the certificate of record #" + signer.number());
    }

    static String kind(TrustListFile file) {
        return file.fileName().toUpperCase(java.util.Locale.ROOT).startsWith("ITL") ? "ITL" : "CTL";
    }
}
