package io.ucfleet.ctl.tlv;

import io.ucfleet.platform.trustlist.*;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import io.ucfleet.platform.trustlist.TrustListFile.Element;
import io.ucfleet.platform.trustlist.TrustListFile.TrustRecord;
import io.ucfleet.ctl.tlv.TrustListVerifier.Verification;

/**
 * {@code show ctl} / {@code show itl} text (ctl-format.md §2): checksums, length, header table,
 * one table per record with the SHA-1 fingerprint of its certificate, which record signed,
 * and the verification verdict.
 */
public final class ShowTrustList {
    private static final DateTimeFormatter MODIFIED = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss zzz yyyy",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private ShowTrustList() {
    }

    /**
     * The decoder as a command: {@code ctl-service/show-ctl FILE...} prints each file as
     * {@code show ctl} / {@code show itl} do; exit status 1 if any does not parse or verify.
     */
    public static void main(String... files) throws java.io.IOException {
        if (files.length == 0) {
            System.err.println("usage: show-ctl CTLFile.tlv|ITLFile.tlv ...");
            System.exit(2);
        }
        int status = 0;
        for (String name : files) {
            java.nio.file.Path path = java.nio.file.Path.of(name);
            byte[] bytes = java.nio.file.Files.readAllBytes(path);
            System.out.print(show(bytes, Optional.of(java.nio.file.Files.getLastModifiedTime(path).toInstant())));
            if (!verifies(bytes)) {
                status = 1;
            }
        }
        System.exit(status);
    }

    static boolean verifies(byte[] bytes) {
        try {
            return TrustListVerifier.verify(TrustListFile.parse(bytes)).verified();
        } catch (TrustListFormatException e) {
            return false;
        }
    }

    /** Decode and print; a file that does not parse prints Cisco's "Error parsing" with the reason. */
    public static String show(byte[] bytes, Optional<Instant> lastModified) {
        String kind = "CTL";
        try {
            TrustListFile file = TrustListFile.parse(bytes);
            return show(file, TrustListVerifier.verify(file), lastModified);
        } catch (TrustListFormatException e) {
            return "The checksum value of the " + kind + " file: " + CertificateFields.digestHex("MD5", bytes) + "(MD5) "
                    + CertificateFields.digestHex("SHA-1", bytes) + "(SHA1)\n"
                    + "Length of " + kind + " file: " + bytes.length + "\n"
                    + "Error parsing the " + kind + " File: " + e.getMessage() + "\n";
        }
    }

    public static String show(TrustListFile file, Verification verification, Optional<Instant> lastModified) {
        String kind = TrustListVerifier.kind(file);
        StringBuilder out = new StringBuilder();
        out.append("The checksum value of the ").append(kind).append(" file: ").append(file.md5()).append("(MD5) ")
                .append(file.sha1()).append("(SHA1)\n");
        out.append("Length of ").append(kind).append(" file: ").append(file.length()).append('\n');
        lastModified.ifPresent(t -> out.append("The ").append(kind).append(" File was last modified on ")
                .append(MODIFIED.format(t)).append('\n'));
        out.append("\nParse ").append(kind).append(" File\n----------------\n\n");
        out.append("Version:\t").append(file.version()).append('\n');
        out.append("HeaderLength:\t").append(file.headerLength()).append(" (BYTES)\n\n");
        out.append(String.format(Locale.ROOT, "%-8s%-24s%-8s%s%n", "BYTEPOS", "TAG", "LENGTH", "VALUE"));
        out.append(String.format(Locale.ROOT, "%-8s%-24s%-8s%s%n", "-------", "---", "------", "-----"));
        for (Element e : file.header()) {
            if (e.tag() == Tags.H_VERSION || e.tag() == Tags.H_HEADER_LENGTH) {
                continue;
            }
            row(out, e, Tags.HEADER_NAMES.getOrDefault(e.tag(), "TAG" + e.tag()), headerValue(e),
                    Tags.isHeaderContainer(e.tag()));
        }
        for (TrustRecord record : file.records()) {
            out.append('\n').append(kind).append(" Record #:").append(record.number()).append("\n----\n");
            out.append(String.format(Locale.ROOT, "%-8s%-24s%-8s%s%n", "BYTEPOS", "TAG", "LENGTH", "VALUE"));
            out.append(String.format(Locale.ROOT, "%-8s%-24s%-8s%s%n", "-------", "---", "------", "-----"));
            for (Element e : record.elements()) {
                row(out, e, Tags.RECORD_NAMES.getOrDefault(e.tag(), "TAG" + e.tag()), recordValue(e, record), false);
            }
            if (record.role().orElse(null) == Role.SAST) {
                boolean signed = verification.signerRecord().map(n -> n == record.number()).orElse(false);
                out.append('\n').append(signed ? "This etoken was used to sign the " + kind + " file."
                        : "This etoken was not used to sign the " + kind + " file.").append('\n');
            }
        }
        out.append('\n').append(verification.verified() ? verification.message()
                : "The " + kind + " file was not verified: " + verification.message() + ".").append('\n');
        return out.toString();
    }

    private static void row(StringBuilder out, Element e, String name, String value, boolean container) {
        // Cisco shows a container as LENGTH 2, VALUE = its content length.
        String length = container ? "2" : String.valueOf(e.length());
        String[] lines = value.split("\n", -1);
        out.append(String.format(Locale.ROOT, "%-8d%-24s%-8s%s%n", e.tag(), name, length, lines[0]));
        for (int i = 1; i < lines.length; i++) {
            out.append(String.format(Locale.ROOT, "%-40s%s%n", "", lines[i]));
        }
    }

    private static String headerValue(Element e) {
        return switch (e.tag()) {
            case Tags.H_SIGNER_ID, Tags.H_SIGNATURE_INFO, Tags.H_SIGNATURE_ALGO_INFO -> String.valueOf(e.length());
            case Tags.H_SIGNER_NAME, Tags.H_CA_NAME, Tags.H_FILENAME -> e.text();
            case Tags.H_SERIAL_NUMBER -> colonHex(e.value());
            case Tags.H_DIGEST_ALGORITHM -> e.uint() + DigestAlgorithm.ofCode(e.uint()).map(d -> " (" + d.displayName
                    + ")").orElse(" (unknown)");
            case Tags.H_SIGNATURE_ALGORITHM -> e.uint() == 0 ? "0 (RSA)" : String.valueOf(e.uint());
            case Tags.H_SIGNATURE_MODULUS -> e.uint() + " (" + TrustListWriter.signatureBytesOf(e.uint()) * 8 + " bits)";
            case Tags.H_SIGNATURE -> signatureDump(e.value());
            case Tags.H_TIMESTAMP -> String.valueOf(e.uint() & 0xFFFFFFFFL) + " ("
                    + Instant.ofEpochSecond(e.uint() & 0xFFFFFFFFL) + ")";
            default -> HexFormat.of().formatHex(e.value());
        };
    }

    private static String recordValue(Element e, TrustRecord record) {
        return switch (e.tag()) {
            case Tags.R_RECORD_LENGTH -> String.valueOf(e.uint());
            case Tags.R_DNS_NAME, Tags.R_SUBJECT_NAME, Tags.R_ISSUER_NAME -> e.text();
            case Tags.R_FUNCTION -> Role.ofCode(e.uint()).map(r -> r.display).orElse("unknown (" + e.uint() + ")");
            case Tags.R_SERIAL_NUMBER -> colonHex(e.value());
            case Tags.R_PUBLIC_KEY, Tags.R_SIGNATURE -> "(omitted)";
            case Tags.R_CERTIFICATE -> record.certificate().map(c -> spacedHex(c.sha1Hex()) + " (SHA1 Hash HEX)")
                    .orElse("(not a certificate)");
            case Tags.R_IP_ADDRESS -> record.ip().orElse(HexFormat.of().formatHex(e.value()));
            default -> HexFormat.of().formatHex(e.value());
        };
    }

    static String colonHex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            if (s.length() > 0) {
                s.append(':');
            }
            s.append(String.format(Locale.ROOT, "%02X", b & 0xFF));
        }
        return s.toString();
    }

    private static String spacedHex(String hex) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(hex, i, i + 2);
        }
        return s.toString();
    }

    /** Cisco dumps the signature 8 bytes a line, hex without zero padding. */
    private static String signatureDump(byte[] signature) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < signature.length; i++) {
            if (i > 0) {
                s.append(i % 8 == 0 ? '\n' : ' ');
            }
            s.append(Integer.toHexString(signature[i] & 0xFF));
        }
        return s.toString();
    }
}
