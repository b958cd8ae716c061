package io.ucfleet.platform.trustlist;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A parsed CTL or ITL file. Parsing is lenient on order (any order after tags 1 and 2, as the
 * open-source tooling accepts) and strict on structure: every length must fit, the file must
 * end exactly after the last record, and a record's certificate must decode and agree with the
 * serial, public key and signature the record lists. Errors name the header or the record.
 */
public final class TrustListFile {
    /** One element: its tag, the offset of its tag byte, its value (empty for containers). */
    public record Element(int tag, int offset, int length, byte[] value) {
        public String text() {
            int end = value.length;
            if (end > 0 && value[end - 1] == 0) {
                end--;
            }
            return new String(value, 0, end, StandardCharsets.UTF_8);
        }

        public int uint() {
            int v = 0;
            for (byte b : value) {
                v = (v << 8) | (b & 0xFF);
            }
            return v;
        }
    }

    /** One record, numbered from 1 as {@code show ctl} does. */
    public record TrustRecord(int number, int offset, int length, List<Element> elements,
            Optional<CertificateFields> certificate) {
        public Optional<Element> element(int tag) {
            return elements.stream().filter(e -> e.tag() == tag).findFirst();
        }

        public Optional<Integer> roleCode() {
            return element(Tags.R_FUNCTION).map(Element::uint);
        }

        public Optional<Role> role() {
            return roleCode().flatMap(Role::ofCode);
        }

        public String dnsName() {
            return element(Tags.R_DNS_NAME).map(Element::text).orElse("");
        }

        public String subject() {
            return element(Tags.R_SUBJECT_NAME).map(Element::text).orElse("");
        }

        public Optional<byte[]> serial() {
            return element(Tags.R_SERIAL_NUMBER).map(Element::value);
        }

        public Optional<String> ip() {
            return element(Tags.R_IP_ADDRESS).filter(e -> e.value().length == 4).map(e -> (e.value()[0] & 0xFF) + "."
                    + (e.value()[1] & 0xFF) + "." + (e.value()[2] & 0xFF) + "." + (e.value()[3] & 0xFF));
        }
    }

    private final byte[] bytes;
    private final int headerLength;
    private final List<Element> header;
    private final List<TrustRecord> records;

    private TrustListFile(byte[] bytes, int headerLength, List<Element> header, List<TrustRecord> records) {
        this.bytes = bytes;
        this.headerLength = headerLength;
        this.header = header;
        this.records = records;
    }

    public static TrustListFile parse(byte[] file) {
        TrustListFile parsed = parse(file, 0);
        parsed.signatureElement(); // required
        return parsed;
    }

    /**
     * The bytes a signer is asked to sign: the file without its SIGNATURE element
     * ({@link #signedData()}), whose HEADERLENGTH still counts the {@code 3 + signatureLength}
     * bytes of the missing element. Parsed as strictly as a whole file; a SIGNATURE element in
     * them is refused, so the signer never signs a file that already carries one.
     */
    public static TrustListFile parseUnsigned(byte[] data, int signatureLength) {
        if (signatureLength <= 0) {
            throw new IllegalArgumentException("signatureLength " + signatureLength);
        }
        TrustListFile parsed = parse(data, 3 + signatureLength);
        if (parsed.headerElement(Tags.H_SIGNATURE).isPresent()) {
            throw new TrustListFormatException("header: the data to sign already holds a SIGNATURE (tag 12)");
        }
        return parsed;
    }

    private static TrustListFile parse(byte[] file, int missing) {
        if (file == null) {
            throw new TrustListFormatException("header: there is no file");
        }
        byte[] bytes = file.clone();
        if (bytes.length < 10) {
            throw new TrustListFormatException("header: the file is " + bytes.length + " bytes, too short for a CTL/ITL"
                    + " header");
        }
        if (bytes[0] != Tags.H_VERSION || u16(bytes, 1) != 2) {
            throw new TrustListFormatException("header: the file does not start with VERSION (tag 1, length 2)");
        }
        if (bytes[5] != Tags.H_HEADER_LENGTH || u16(bytes, 6) != 2) {
            throw new TrustListFormatException("header: VERSION is not followed by HEADERLENGTH (tag 2, length 2)");
        }
        int headerLength = u16(bytes, 8) - missing;
        if (headerLength < 10 || headerLength > bytes.length) {
            throw new TrustListFormatException("header: HEADERLENGTH " + (headerLength + missing)
                    + (missing == 0 ? "" : " (less the " + missing + " bytes of the SIGNATURE element)")
                    + " does not fit the file of " + bytes.length + " bytes");
        }
        List<Element> header = new ArrayList<>();
        header.add(new Element(Tags.H_VERSION, 0, 2, Arrays.copyOfRange(bytes, 3, 5)));
        header.add(new Element(Tags.H_HEADER_LENGTH, 5, 2, Arrays.copyOfRange(bytes, 8, 10)));
        int pos = 10;
        while (pos < headerLength) {
            int tag = bytes[pos] & 0xFF;
            if (tag == Tags.H_PADDING) {
                pos++;
                continue;
            }
            if (pos + 3 > headerLength) {
                throw new TrustListFormatException("header: element at offset " + pos + " is cut by the header end");
            }
            int length = u16(bytes, pos + 1);
            if (pos + 3 + length > headerLength) {
                throw new TrustListFormatException("header: tag " + tag + " at offset " + pos + " claims " + length
                        + " bytes, past the header end at " + headerLength);
            }
            if (Tags.isHeaderContainer(tag)) {
                header.add(new Element(tag, pos, length, new byte[0]));
                pos += 3; // nested elements follow inline
            } else {
                header.add(new Element(tag, pos, length, Arrays.copyOfRange(bytes, pos + 3, pos + 3 + length)));
                pos += 3 + length;
            }
        }
        List<TrustRecord> records = new ArrayList<>();
        pos = headerLength;
        while (pos < bytes.length) {
            int number = records.size() + 1;
            records.add(record(bytes, pos, number));
            pos += records.get(records.size() - 1).length();
        }
        return new TrustListFile(bytes, headerLength, List.copyOf(header), List.copyOf(records));
    }

    private static TrustRecord record(byte[] bytes, int start, int number) {
        String where = "record #" + number + " (offset " + start + ")";
        if (start + 5 > bytes.length || bytes[start] != Tags.R_RECORD_LENGTH || u16(bytes, start + 1) != 2) {
            throw new TrustListFormatException(where + ": does not start with RECORDLENGTH (tag 1, length 2)");
        }
        int length = u16(bytes, start + 3);
        if (length < 5 || start + length > bytes.length) {
            throw new TrustListFormatException(where + ": RECORDLENGTH " + length + " runs past the end of the file ("
                    + bytes.length + " bytes)");
        }
        int end = start + length;
        List<Element> elements = new ArrayList<>();
        elements.add(new Element(Tags.R_RECORD_LENGTH, start, 2, Arrays.copyOfRange(bytes, start + 3, start + 5)));
        int pos = start + 5;
        while (pos < end) {
            if (pos + 3 > end) {
                throw new TrustListFormatException(where + ": element at offset " + pos + " is cut by the record end");
            }
            int tag = bytes[pos] & 0xFF;
            int len = u16(bytes, pos + 1);
            if (pos + 3 + len > end) {
                throw new TrustListFormatException(where + ": " + Tags.RECORD_NAMES.getOrDefault(tag, "tag " + tag)
                        + " at offset " + pos + " claims " + len + " bytes, past the record end at " + end);
            }
            elements.add(new Element(tag, pos, len, Arrays.copyOfRange(bytes, pos + 3, pos + 3 + len)));
            pos += 3 + len;
        }
        Optional<CertificateFields> certificate = Optional.empty();
        Optional<Element> der = elements.stream().filter(e -> e.tag() == Tags.R_CERTIFICATE).findFirst();
        if (der.isPresent()) {
            CertificateFields fields;
            try {
                fields = CertificateFields.of(der.get().value());
            } catch (IllegalArgumentException e) {
                throw new TrustListFormatException(where + ": CERTIFICATE is " + e.getMessage(),
                        e);
            }
            check(where, elements, Tags.R_SERIAL_NUMBER, fields.serial(), "SERIALNUMBER");
            check(where, elements, Tags.R_PUBLIC_KEY, fields.publicKey(), "PUBLICKEY");
            check(where, elements, Tags.R_SIGNATURE, fields.signature(), "SIGNATURE");
            certificate = Optional.of(fields);
        }
        return new TrustRecord(number, start, length, List.copyOf(elements), certificate);
    }

    private static void check(String where, List<Element> elements, int tag, byte[] expected, String name) {
        elements.stream().filter(e -> e.tag() == tag).findFirst().ifPresent(e -> {
            if (!Arrays.equals(e.value(), expected)) {
                throw new TrustListFormatException(where + ": " + name + " does not match the record's certificate");
            }
        });
    }

    public static int u16(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public int headerLength() {
        return headerLength;
    }

    public List<Element> header() {
        return header;
    }

    public List<TrustRecord> records() {
        return records;
    }

    public Optional<Element> headerElement(int tag) {
        return header.stream().filter(e -> e.tag() == tag).findFirst();
    }

    public String version() {
        byte[] v = header.get(0).value();
        return (v[0] & 0xFF) + "." + (v[1] & 0xFF);
    }

    public Element signatureElement() {
        return headerElement(Tags.H_SIGNATURE).orElseThrow(() -> new TrustListFormatException(
                "header: no SIGNATURE (tag 12)"));
    }

    public Optional<DigestAlgorithm> digest() {
        return headerElement(Tags.H_DIGEST_ALGORITHM).flatMap(e -> DigestAlgorithm.ofCode(e.uint()));
    }

    public Optional<byte[]> signerSerial() {
        return headerElement(Tags.H_SERIAL_NUMBER).map(Element::value);
    }

    public String signerName() {
        return headerElement(Tags.H_SIGNER_NAME).map(Element::text).orElse("");
    }

    public String issuerName() {
        return headerElement(Tags.H_CA_NAME).map(Element::text).orElse("");
    }

    public String fileName() {
        return headerElement(Tags.H_FILENAME).map(Element::text).orElse("");
    }

    public Optional<Instant> timestamp() {
        return headerElement(Tags.H_TIMESTAMP).map(e -> Instant.ofEpochSecond(e.uint() & 0xFFFFFFFFL));
    }

    /** The file without its SIGNATURE element: the bytes the signature covers. */
    public byte[] signedData() {
        Element signature = signatureElement();
        return TrustListWriter.withoutElement(bytes, signature.offset(), 3 + signature.length());
    }

    public String md5() {
        return CertificateFields.digestHex("MD5", bytes);
    }

    public String sha1() {
        return CertificateFields.digestHex("SHA-1", bytes);
    }
}
