package io.ucfleet.labca.revocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.ucfleet.labca.x509.Pem;

/**
 * The forms a CRL distribution point may serve (seed 004: "PEM and DER encoded CRL files are
 * supported; the distribution point may point directly to a CRL file or to ZIP and GZIP archives
 * containing CRL files"), by the suffix of the URL after {@code <tier>.crl}.
 */
public enum CrlFormat {
    DER("", "application/pkix-crl"),
    PEM(".pem", "application/x-pem-file"),
    /** One entry, {@code <tier>.crl} (DER). */
    ZIP(".zip", "application/zip"),
    /** The DER CRL, gzip-compressed. */
    GZIP(".gz", "application/gzip");

    public final String suffix;
    public final String mediaType;

    CrlFormat(String suffix, String mediaType) {
        this.suffix = suffix;
        this.mediaType = mediaType;
    }

    public static Optional<CrlFormat> bySuffix(String suffix) {
        for (CrlFormat f : values()) {
            if (f.suffix.equals(suffix)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public byte[] encode(byte[] der, String entryName) {
        try {
            return switch (this) {
                case DER -> der;
                case PEM -> Pem.encode("X509 CRL", der).getBytes(StandardCharsets.US_ASCII);
                case ZIP -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (ZipOutputStream zip = new ZipOutputStream(out)) {
                        zip.putNextEntry(new ZipEntry(entryName));
                        zip.write(der);
                        zip.closeEntry();
                    }
                    yield out.toByteArray();
                }
                case GZIP -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                        gzip.write(der);
                    }
                    yield out.toByteArray();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
