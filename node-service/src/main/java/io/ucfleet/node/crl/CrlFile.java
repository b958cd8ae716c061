package io.ucfleet.node.crl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Reads CRL files as seed 004 lets them reach the VCS. Pure. A manual upload is PEM ("It must be
 * in PEM encoded format"): X509 CRL blocks only, anything else refused by name. A distribution
 * point may serve PEM or DER, or a ZIP or GZIP archive of CRL files. Every CRL is decoded
 * strictly (no bytes after the structure); a malformed one is a 400 {@code invalid-crl} naming
 * the block and what is wrong, so nothing half-read is ever stored.
 */
public final class CrlFile {
    /** The PEM label of a CRL (RFC 7468). */
    public static final String PEM_LABEL = "X509 CRL";
    /** CRLs per file or archive: a CA file holds one per CA; this bounds the work of one request. */
    public static final int MAX_CRLS = 200;
    /** Files read out of one archive. */
    static final int MAX_ARCHIVE_ENTRIES = 200;
    /** Seed 004's conversion for a DER CRL, as appendix 3 gives it for certificates. */
    public static final String DER_TO_PEM = "openssl crl -inform der -in crl.der -out crl.pem";

    private CrlFile() {
    }

    /** A manually uploaded CRL file: PEM, one or more X509 CRL blocks; at least one. */
    public static List<X509CRLHolder> fromPemUpload(byte[] body) {
        if (body == null || isBlank(body)) {
            throw invalid("The CRL file is empty; choose a PEM file of one or more -----BEGIN X509 CRL----- blocks.");
        }
        if (!looksLikePem(body)) {
            throw invalid("The CRL file is not PEM (no -----BEGIN X509 CRL----- line): CRL files must be PEM encoded."
                    + " Convert a DER CRL first: " + DER_TO_PEM, Map.of("command", DER_TO_PEM));
        }
        List<X509CRLHolder> crls = new ArrayList<>();
        for (Block block : pemBlocks(body, "The CRL file")) {
            if (!PEM_LABEL.equals(block.label())) {
                throw invalid("Block " + block.index() + " of the CRL file is " + describe(block.label())
                        + ", not an X509 CRL; nothing was loaded.");
            }
            crls.add(decode(block.content(), "block " + block.index()));
        }
        if (crls.isEmpty()) {
            throw invalid("The CRL file holds no -----BEGIN X509 CRL----- block.");
        }
        return bounded(crls);
    }

    /** What a distribution point served: PEM, DER, or a ZIP or GZIP archive of either; at most {@code maxBytes} once unpacked. */
    public static List<X509CRLHolder> fromDistributionPoint(byte[] body, int maxBytes) {
        if (body == null || body.length == 0) {
            throw invalid("The distribution point served an empty body.");
        }
        List<X509CRLHolder> crls = new ArrayList<>();
        if (isGzip(body)) {
            try (GZIPInputStream gzip = new GZIPInputStream(stream(body), 8192)) {
                crls.addAll(fromFile(unpack(gzip, maxBytes, "the GZIP archive"), "the GZIP archive"));
            } catch (IOException | IllegalArgumentException e) {
                throw invalid("The GZIP archive cannot be read: it is truncated or not GZIP.");
            }
        } else if (isZip(body)) {
            try (ZipInputStream zip = new ZipInputStream(stream(body))) {
                int entries = 0;
                long total = 0;
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    if (entry.isDirectory()) {
                        continue;
                    }
                    if (++entries > MAX_ARCHIVE_ENTRIES) {
                        throw invalid("The ZIP archive holds more than " + MAX_ARCHIVE_ENTRIES + " files.");
                    }
                    byte[] file = unpack(zip, (int) Math.max(0, maxBytes - total), "ZIP entry " + quote(entry.getName()));
                    total += file.length;
                    crls.addAll(fromFile(file, "ZIP entry " + quote(entry.getName())));
                }
            } catch (IOException | IllegalArgumentException e) { // the JDK's reader throws the latter for a malformed entry name
                throw invalid("The ZIP archive cannot be read: it is truncated or not ZIP.");
            }
        } else {
            crls.addAll(fromFile(body, "the file"));
        }
        if (crls.isEmpty()) {
            throw invalid("The distribution point served no CRL.");
        }
        return bounded(crls);
    }

    /** The CRL blocks of a trusted CA file; its other blocks are left to the certificate decoder. */
    public static List<X509CRLHolder> crlBlocks(List<Block> blocks) {
        List<X509CRLHolder> crls = new ArrayList<>();
        for (Block b : blocks) {
            if (PEM_LABEL.equals(b.label())) {
                crls.add(decode(b.content(), "block " + b.index() + " (an X509 CRL)"));
            }
        }
        return bounded(crls);
    }

    /** One PEM block, numbered from 1 in file order. */
    public record Block(int index, String label, byte[] content) {
    }

    /** The PEM blocks of a file, in order; a block that does not decode is refused. */
    public static List<Block> pemBlocks(byte[] body, String what) {
        List<Block> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new InputStreamReader(stream(body), StandardCharsets.US_ASCII))) {
            PemObject object;
            while ((object = reader.readPemObject()) != null) {
                blocks.add(new Block(blocks.size() + 1, object.getType(), object.getContent()));
            }
        } catch (IOException | RuntimeException e) {
            throw invalid(what + ": PEM block " + (blocks.size() + 1) + " cannot be read (malformed Base64 or header lines).");
        }
        return blocks;
    }

    public static boolean looksLikePem(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }

    /**
     * A CRL from its DER encoding: the whole input, nothing after it. BouncyCastle decodes the
     * issuer's name, the times and the entries only when they are read, so everything the list,
     * the revocation check and the zones read later is decoded here: a CRL that loads can always
     * be used, and one that cannot is refused now, by entry.
     */
    static X509CRLHolder decode(byte[] der, String where) {
        CertificateList list;
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            list = CertificateList.getInstance(primitive);
            if (list.getThisUpdate() == null || list.getIssuer() == null) {
                throw invalid("The CRL in " + where + " has no issuer or thisUpdate.");
            }
            list.getIssuer().toString();
            list.getThisUpdate().getDate();
            if (list.getNextUpdate() != null) {
                list.getNextUpdate().getDate();
            }
        } catch (DomainProblem p) {
            throw p;
        } catch (IOException | RuntimeException e) {
            throw invalid("The content of " + where + " is not a certificate revocation list (RFC 5280 CertificateList)"
                    + "; nothing was loaded.");
        }
        int entry = 0;
        try {
            java.util.Enumeration<?> entries = list.getRevokedCertificateEnumeration();
            while (entries.hasMoreElements()) {
                entry++;
                org.bouncycastle.asn1.x509.TBSCertList.CRLEntry e = (org.bouncycastle.asn1.x509.TBSCertList.CRLEntry) entries.nextElement();
                e.getUserCertificate().getValue();
                e.getRevocationDate().getDate();
                e.getExtensions();
            }
        } catch (RuntimeException e) {
            throw invalid("Entry " + entry + " of the CRL in " + where + " cannot be decoded (RFC 5280 revokedCertificates)"
                    + "; nothing was loaded.");
        }
        return new X509CRLHolder(list);
    }

    private static List<X509CRLHolder> fromFile(byte[] file, String where) {
        if (looksLikePem(file)) {
            List<X509CRLHolder> crls = new ArrayList<>();
            for (Block b : pemBlocks(file, where)) {
                if (!PEM_LABEL.equals(b.label())) {
                    throw invalid("Block " + b.index() + " of " + where + " is " + describe(b.label()) + ", not an X509 CRL.");
                }
                crls.add(decode(b.content(), "block " + b.index() + " of " + where));
            }
            return crls;
        }
        return List.of(decode(file, where));
    }

    private static byte[] unpack(InputStream in, int maxBytes, String what) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw invalid(what + " unpacks to more than " + maxBytes + " bytes.");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw invalid(what + " cannot be unpacked: the compressed data is truncated or corrupt.");
        }
    }

    private static List<X509CRLHolder> bounded(List<X509CRLHolder> crls) {
        if (crls.size() > MAX_CRLS) {
            throw invalid("The file holds " + crls.size() + " CRLs; at most " + MAX_CRLS + " are loaded from one file.");
        }
        return crls;
    }

    private static String describe(String label) {
        return switch (label) {
            case "CERTIFICATE" -> "a certificate";
            case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" -> "a certificate signing request";
            case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> "a private key";
            default -> "a " + quote(label.length() > 40 ? label.substring(0, 40) + "..." : label) + " block";
        };
    }

    private static String quote(String s) {
        return io.ucfleet.platform.problem.ProblemBody.quote(s);
    }

    private static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    private static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private static ByteArrayInputStream stream(byte[] body) {
        return new ByteArrayInputStream(body);
    }

    static DomainProblem invalid(String detail) {
        return new DomainProblem(ProblemType.INVALID_CRL, detail);
    }

    static DomainProblem invalid(String detail, Map<String, Object> extensions) {
        return new DomainProblem(ProblemType.INVALID_CRL, detail, extensions);
    }
}
