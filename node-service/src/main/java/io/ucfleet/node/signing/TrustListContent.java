package io.ucfleet.node.signing;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.trustlist.CertificateFields;
import io.ucfleet.platform.trustlist.DigestAlgorithm;
import io.ucfleet.platform.trustlist.Role;
import io.ucfleet.platform.trustlist.TrustListFile;

/**
 * What a trust list must say before the ITLRecovery key signs it, one rule after the other
 * (pure): its name is a CTL or ITL file's; its header names this ITLRecovery certificate as
 * signer (name, serial, issuer) and the hash asked for; it has records, its SAST records hold this
 * ITLRecovery certificate, and every certificate it lists is a current identity of a node of the
 * cluster. A file that breaks one is refused naming what is wrong, so the key never signs bytes a
 * caller chose for another purpose.
 */
public final class TrustListContent {
    static final Pattern FILE_NAME = Pattern.compile("(CTL|ITL)(File|SEP[0-9A-Fa-f]{12})\\.tlv");

    private TrustListContent() {
    }

    public static void check(TrustListFile file, CertificateFields signer, DigestAlgorithm digest,
            Set<String> clusterCertificates) {
        if (!FILE_NAME.matcher(file.fileName()).matches()) {
            throw refused("its FILENAME " + ProblemBody.quote(file.fileName()) + " is not CTLFile.tlv, ITLFile.tlv,"
                    + " CTLSEP<MAC>.tlv or ITLSEP<MAC>.tlv");
        }
        if (!file.signerName().equals(signer.subject()) || !file.issuerName().equals(signer.issuer())
                || !file.signerSerial().map(s -> Arrays.equals(s, signer.serial())).orElse(false)) {
            throw new DomainProblem(ProblemType.SIGNER_CHANGED, "The file names the signer "
                    + ProblemBody.quote(file.signerName()) + ", not this node's ITLRecovery certificate "
                    + ProblemBody.quote(signer.subject()) + " (serial " + java.util.HexFormat.of().formatHex(signer.serial())
                    + "); rebuild it with the current one.", Map.of("currentSha256", signer.sha256Hex()));
        }
        if (file.digest().orElse(null) != digest) {
            throw refused("its DIGESTALGORTITHM is not " + digest.displayName + ", the hash it is to be signed with");
        }
        if (file.records().isEmpty()) {
            throw refused("it lists no certificate");
        }
        for (TrustListFile.TrustRecord record : file.records()) {
            if (record.certificate().isEmpty()) {
                if (record.role().orElse(null) == Role.SAST) {
                    throw refused("record #" + record.number() + " is a SAST record without a certificate");
                }
                continue;
            }
            CertificateFields listed = record.certificate().get();
            if (record.role().orElse(null) == Role.SAST && !listed.sha256Hex().equals(signer.sha256Hex())) {
                throw refused("record #" + record.number() + " lists " + ProblemBody.quote(listed.subject())
                        + " as System Administrator Security Token; only this node's ITLRecovery certificate signs");
            }
            if (!clusterCertificates.contains(listed.sha256Hex())) {
                throw new DomainProblem(ProblemType.TRUST_LIST_NOT_OF_CLUSTER, "Record #" + record.number() + " lists "
                        + ProblemBody.quote(listed.subject()) + " (SHA-256 " + listed.sha256Hex() + "), which is not a"
                        + " current identity certificate of a node of this cluster; the ITLRecovery key signs only the"
                        + " cluster's own trust lists.", Map.of("record", record.number(), "sha256", listed.sha256Hex()));
            }
        }
    }

    private static DomainProblem refused(String why) {
        return new DomainProblem(ProblemType.INVALID_TRUST_LIST, "The ITLRecovery key does not sign this file: " + why
                + ".");
    }
}
